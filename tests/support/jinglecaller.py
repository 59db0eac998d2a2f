#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A hand-made Jingle caller for bad-input call tests (python3-slixmpp).

Signs on, sends one session-initiate (Opus) to --to whose ICE candidates are a UDP socket that
never answers a connectivity check plus, with --garbage, candidates no parser should accept.
Acks every Jingle IQ it gets and prints one line per event on stdout:
  ready | acked | error CONDITION | session-accept CODEC/RATE,... | session-info | terminated REASON
With --refuse CONDITION it calls nobody: it advertises Jingle audio and answers the
session-initiate it receives with that stanza error (prints "refused").
With --offer farstream the payload types are those a Farstream peer offers (Speex first, Opus
with channels='0'), to see which one Crosstalk accepts.
Exits when stdin closes.
"""
import argparse
import asyncio
import socket
import sys

import slixmpp
from slixmpp.xmlstream import ET
from slixmpp.xmlstream.handler import Callback
from slixmpp.xmlstream.matcher import MatchXPath

JINGLE = 'urn:xmpp:jingle:1'
RTP = 'urn:xmpp:jingle:apps:rtp:1'
PAYLOADS = {
    'opus': "<payload-type id='111' name='opus' clockrate='48000' channels='2'>"
            "<parameter name='useinbandfec' value='1'/></payload-type>",
    # What libpurple's Farstream backend offers where it knows Opus (../shared/PLATFORM.md):
    # Speex first, Opus late and with channels='0'.
    'farstream': "<payload-type id='101' name='SPEEX' clockrate='16000' channels='1'/>"
                 "<payload-type id='102' name='SPEEX' clockrate='8000' channels='1'/>"
                 "<payload-type id='0' name='PCMU' clockrate='8000' channels='0'/>"
                 "<payload-type id='8' name='PCMA' clockrate='8000' channels='0'/>"
                 "<payload-type id='96' name='OPUS' clockrate='48000' channels='0'/>"
                 "<payload-type id='97' name='telephone-event' clockrate='16000' channels='0'>"
                 "<parameter name='events' value='0-15'/></payload-type>",
}


def say(line):
    print(line, flush=True)


class Caller(slixmpp.ClientXMPP):
    def __init__(self, args):
        super().__init__(args.jid + '/jinglecaller', args.password)
        self.args = args
        # A socket that receives the ICE checks and never answers them.
        self.blackhole = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.blackhole.bind(('127.0.0.1', 0))
        self.add_event_handler('session_start', self.start)
        if args.refuse:
            # Look like a Jingle audio client (XEP-0115 caps), so the caller's prpl lets it call.
            self.register_plugin('xep_0030')
            self.register_plugin('xep_0115')
            for feature in ('urn:xmpp:jingle:1', 'urn:xmpp:jingle:apps:rtp:1', 'urn:xmpp:jingle:apps:rtp:audio',
                            'urn:xmpp:jingle:transports:ice-udp:1', 'urn:xmpp:jingle:transports:raw-udp:1'):
                self['xep_0030'].add_feature(feature)
        self.register_handler(Callback('jingle', MatchXPath('{jabber:client}iq/{%s}jingle' % JINGLE), self.on_jingle))

    def offer(self):
        port = self.blackhole.getsockname()[1]
        garbage = ''
        if self.args.garbage:
            garbage = ("<candidate component='1' foundation='9' generation='0' id='g1' ip='not-an-address' "
                       "network='0' port='99999' priority='1' protocol='udp' type='host'/>"
                       "<candidate component='x' foundation='' id='g2' ip='' port='-4' priority='abc' "
                       "protocol='sctp' type='bogus'/>")
        return ET.fromstring(
            "<jingle xmlns='%s' action='session-initiate' initiator='%s' sid='ctk-badinput-1'>"
            "<content creator='initiator' name='audio-session' senders='both'>"
            "<description xmlns='urn:xmpp:jingle:apps:rtp:1' media='audio'>%s</description>"
            "<transport xmlns='urn:xmpp:jingle:transports:ice-udp:1' ufrag='bhol' pwd='blackholeblackholeblack'>"
            "<candidate component='1' foundation='1' generation='0' id='c1' ip='127.0.0.1' network='0' "
            "port='%d' priority='2130706431' protocol='udp' type='host'/>%s"
            "</transport></content></jingle>" % (JINGLE, self.boundjid.full, PAYLOADS[self.args.offer], port, garbage))

    async def start(self, _event):
        if self.args.refuse:
            await self['xep_0115'].update_caps()
        self.send_presence()
        await self.get_roster()
        say('ready')
        if self.args.refuse:
            return  # wait to be called
        iq = self.make_iq_set(ito=self.args.to)
        iq.append(self.offer())
        try:
            await iq.send(timeout=15)
            say('acked')
        except slixmpp.exceptions.IqError as e:
            say('error ' + e.condition)
        except slixmpp.exceptions.IqTimeout:
            say('error timeout')

    def on_jingle(self, iq):
        jingle = iq.xml.find('{%s}jingle' % JINGLE)
        action = jingle.get('action')
        if self.args.refuse and action == 'session-initiate':
            say('refused')
            reply = iq.reply()
            reply['type'] = 'error'
            reply['error']['type'] = 'cancel'
            reply['error']['condition'] = self.args.refuse
            reply.send()
            return
        iq.reply().send()
        if action == 'session-terminate':
            reason = jingle.find('{%s}reason' % JINGLE)
            names = [c.tag.split('}')[-1] for c in (reason if reason is not None else []) if not c.tag.endswith('text')]
            say('terminated ' + (names[0] if names else 'none'))
        elif action == 'session-accept':
            codecs = ['%s/%s' % (p.get('name'), p.get('clockrate'))
                      for p in jingle.iter('{%s}payload-type' % RTP)]
            say('session-accept ' + ','.join(codecs))
        else:
            say(action)


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--jid', required=True)
    parser.add_argument('--password', required=True)
    parser.add_argument('--port', type=int, required=True)
    parser.add_argument('--to', default='')
    parser.add_argument('--refuse', metavar='CONDITION',
                        help='be called instead: answer the session-initiate with this stanza error')
    parser.add_argument('--garbage', action='store_true')
    parser.add_argument('--offer', choices=sorted(PAYLOADS), default='opus')
    args = parser.parse_args()
    caller = Caller(args)
    caller.connect(('127.0.0.1', args.port), force_starttls=False, disable_starttls=True)
    loop = asyncio.get_running_loop()
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    await stdin_closed
    caller.disconnect()


if __name__ == '__main__':
    asyncio.run(main())
