// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/voice/srtpcontext.h"

#include <srtp2/srtp.h>

#include <cstring>
#include <mutex>

namespace crosstalk::voice {

namespace {
// libsrtp2 has process-wide state initialised once; srtp_shutdown is never called because other
// sessions (or another library in the process) may still use it.
bool initLibrary(std::string &error)
{
    static std::once_flag once;
    static srtp_err_status_t status = srtp_err_status_ok;
    std::call_once(once, [] { status = srtp_init(); });
    if (status != srtp_err_status_ok) {
        error = "srtp_init failed (" + std::to_string(int(status)) + ")";
        return false;
    }
    return true;
}

SrtpContext::Result mapStatus(srtp_err_status_t status)
{
    switch (status) {
    case srtp_err_status_ok: return SrtpContext::Result::Ok;
    case srtp_err_status_auth_fail: return SrtpContext::Result::AuthFailed;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old: return SrtpContext::Result::Replayed;
    default: return SrtpContext::Result::Error;
    }
}
} // namespace

SrtpContext::~SrtpContext()
{
    if (m_session)
        srtp_dealloc(m_session);
}

bool SrtpContext::init(const SrtpKeys &keys, Direction direction, std::string &error)
{
    if (keys.suite != "AES_CM_128_HMAC_SHA1_80") {
        error = "unsupported SRTP suite " + keys.suite;
        return false;
    }
    if (!initLibrary(error))
        return false;
    if (m_session) {
        srtp_dealloc(m_session);
        m_session = nullptr;
    }
    srtp_policy_t policy;
    std::memset(&policy, 0, sizeof policy);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
    srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
    policy.ssrc.type = direction == Direction::Outbound ? ssrc_any_outbound : ssrc_any_inbound;
    // libsrtp reads the key but takes it non-const.
    unsigned char key[SrtpKeys::kMasterLength];
    std::memcpy(key, keys.master.data(), sizeof key);
    policy.key = key;
    policy.window_size = 128;
    policy.allow_repeat_tx = 0;
    policy.next = nullptr;
    const srtp_err_status_t status = srtp_create(&m_session, &policy);
    std::memset(key, 0, sizeof key);
    if (status != srtp_err_status_ok) {
        m_session = nullptr;
        error = "srtp_create failed (" + std::to_string(int(status)) + ")";
        return false;
    }
    return true;
}

SrtpContext::Result SrtpContext::protectRtp(std::span<std::uint8_t> buffer, std::size_t &size)
{
    if (!m_session || size + kSrtpMaxOverhead > buffer.size())
        return Result::Error;
    int len = int(size);
    const srtp_err_status_t status = srtp_protect(m_session, buffer.data(), &len);
    size = std::size_t(len);
    return mapStatus(status);
}

SrtpContext::Result SrtpContext::protectRtcp(std::span<std::uint8_t> buffer, std::size_t &size)
{
    if (!m_session || size + kSrtpMaxOverhead > buffer.size())
        return Result::Error;
    int len = int(size);
    const srtp_err_status_t status = srtp_protect_rtcp(m_session, buffer.data(), &len);
    size = std::size_t(len);
    return mapStatus(status);
}

SrtpContext::Result SrtpContext::unprotectRtp(std::span<std::uint8_t> buffer, std::size_t &size)
{
    // libsrtp reads the header before authenticating: never hand it less than a fixed header.
    if (!m_session || size < 12 + 10 || size > buffer.size())
        return Result::Error;
    int len = int(size);
    const srtp_err_status_t status = srtp_unprotect(m_session, buffer.data(), &len);
    size = std::size_t(len);
    return mapStatus(status);
}

SrtpContext::Result SrtpContext::unprotectRtcp(std::span<std::uint8_t> buffer, std::size_t &size)
{
    if (!m_session || size < 8 + 4 + 10 || size > buffer.size())
        return Result::Error;
    int len = int(size);
    const srtp_err_status_t status = srtp_unprotect_rtcp(m_session, buffer.data(), &len);
    size = std::size_t(len);
    return mapStatus(status);
}

} // namespace crosstalk::voice
