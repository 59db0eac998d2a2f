// SPDX-License-Identifier: GPL-3.0-or-later
// Private to protocols/: libpurple's request and notify ui ops as core Prompts.
#pragma once

#include "core/network/prompt.h"

#include <functional>
#include <vector>

namespace crosstalk::protocols {

/// Turns every libpurple request (action, input, choice, fields, file) and notification
/// into a Prompt raised on the PromptService. The prompt object is the handle libpurple
/// gets back, so close_request/close_notify can withdraw it; an answer runs the matching
/// libpurple callback exactly once.
class PurplePrompts : public PromptService
{
    Q_OBJECT
public:
    explicit PurplePrompts(QObject *parent = nullptr);
    ~PurplePrompts() override;

    void installUiOps();

    /// Raises a prompt; onAnswer runs with the chosen action on the main thread. Returns
    /// the prompt, which is deleted after it is answered or withdrawn. userData is the
    /// libpurple request's user data (what a claim recognises its requests by).
    Prompt *raise(Prompt *prompt, std::function<void(Prompt &, int)> onAnswer, void *userData = nullptr);

    /// Another adapter that answers some requests itself (file transfers: "accept this
    /// file?", "save as", their error notices). Asked before a prompt is announced; returning
    /// true takes the prompt (it is then not raised on the PromptService).
    using Claim = std::function<bool(Prompt &prompt, void *userData)>;
    void addClaim(Claim claim) { m_claims.push_back(std::move(claim)); }

    /// libpurple closed the request behind handle.
    void close(void *handle);

    static PurplePrompts *instance();

private:
    std::vector<Claim> m_claims;
};

} // namespace crosstalk::protocols
