import type { ListenedFrame, ListenProtocol } from '#shared/host/contract/diagnostics';
import type { DecodeResult } from '#shared/protocols/common/decode-result';
import { hex2, toHex } from '#shared/protocols/common/hex';
import {
  labelCode,
  labelledString,
  protocolLabelOf,
  type LabelledText,
} from '#shared/protocols/common/label';
import {
  decodeModbusRequest,
  decodeModbusResponse,
  summarizeModbusResponse,
} from '#shared/protocols/modbus/index';
import { decodeHj212Packet, type Hj212Packet } from '#shared/protocols/hj212/index';
import { decodeSl651Message, type Sl651Message } from '#shared/protocols/sl651/index';
import { decodeSzy206Message, szy206Answer, type Szy206Message } from '#shared/protocols/szy206/index';
import type { ListenDecoders } from './diagnostics-protocols';

type Described = Required<Pick<ListenedFrame, 'summary' | 'summaryParts' | 'values'>>;
type Decoder = { decode: (bytes: Uint8Array) => DecodeResult<unknown>; describe: (v: unknown) => Described };

// Names go out as labels (code + the decoder's Chinese name) so the page can show them in the
// reader's language; `summary` keeps the Chinese text for the log file and older readers.
function described(parts: LabelledText, values: ListenedFrame['values']): Described {
  return { summary: labelledString(parts), summaryParts: parts, values };
}

function sl651(m: Sl651Message): Described {
  const values = m.items.flatMap((i) =>
    i.kind === 'value' && i.value !== null
      ? [
          {
            name: i.element.name,
            code: labelCode('sl651-element', i.element.code),
            value: i.value,
            unit: i.element.unit || null,
          },
        ]
      : [],
  );
  return described(
    [
      protocolLabelOf('sl651-function', hex2(m.functionCode), m.functionName),
      ...(m.station ? [` · ${m.station.address}`] : []),
      ...(m.observedAt ? [` · ${m.observedAt}`] : []),
    ],
    values,
  );
}

function hj212(p: Hj212Packet): Described & Pick<ListenedFrame, 'edition'> {
  const edition = { edition: p.edition.edition, reason: p.edition.reason };
  return {
    edition,
    ...described(
      [
        p.cnName === null ? `CN=${p.cn}` : protocolLabelOf('hj212-command', p.cn, p.cnName),
        ...(p.mn ? [` · MN ${p.mn}`] : []),
        ...(p.dataTime ? [` · ${p.dataTime}`] : []),
      ],
      p.factors.flatMap((f) => {
        const v = f.values['Rtd'] ?? f.values['Avg'];
        return v === undefined
          ? []
          : [{ name: f.name, code: labelCode('hj212-factor', f.code), value: v, unit: f.unit || null }];
      }),
    ),
  };
}

function szy206(m: Szy206Message, now: number): Described {
  const a = szy206Answer('realtime', m, now);
  return described(
    [
      `AFN ${hex2(m.afn)} `,
      protocolLabelOf('szy206-afn', hex2(m.afn), m.afnName),
      ': ',
      ...(a.summaryParts ?? [a.summary]),
    ],
    a.values,
  );
}

/**
 * Listen mode: bursts from the line are appended per protocol and cut into frames by the protocol's
 * own decoder; bytes that are not a frame are shown as such (how a crew sees a wrong baud rate), and
 * a frame split across bursts waits for the rest.
 */
export function createListenDecoders(now: () => number = Date.now): ListenDecoders {
  const decoders: Record<ListenProtocol, Decoder> = {
    'sl651-2014': { decode: decodeSl651Message, describe: (v) => sl651(v as Sl651Message) },
    'hj212-2017': { decode: (b) => decodeHj212Packet(b), describe: (v) => hj212(v as Hj212Packet) },
    'szy206-2016': {
      decode: (b) => decodeSzy206Message(b, 'szy206-2016'),
      describe: (v) => szy206(v as Szy206Message, now()),
    },
    'sl427-2021': {
      decode: (b) => decodeSzy206Message(b, 'sl427-2021'),
      describe: (v) => szy206(v as Szy206Message, now()),
    },
  };
  let pending: { protocol: ListenProtocol; bytes: Uint8Array } | null = null;
  return {
    decode(protocol, chunk, at) {
      const prev = pending !== null && pending.protocol === protocol ? pending.bytes : new Uint8Array(0);
      let buffer = new Uint8Array(prev.length + chunk.length);
      buffer.set(prev, 0);
      buffer.set(chunk, prev.length);
      const out: ListenedFrame[] = [];
      let junk: number[] = [];
      const flushJunk = (reason: string) => {
        if (junk.length > 0) {
          out.push({
            at,
            protocol,
            ok: false,
            summary: reason,
            hex: toHex(Uint8Array.from(junk)),
            values: [],
          });
          junk = [];
        }
      };
      const d = decoders[protocol];
      let lastReason = 'not a frame';
      while (buffer.length > 0) {
        const r = d.decode(buffer);
        if (r.status === 'incomplete') {
          break;
        }
        if (r.status === 'invalid') {
          lastReason = r.reason;
          junk.push(...buffer.slice(0, r.skip));
          buffer = buffer.slice(r.skip);
          continue;
        }
        flushJunk(lastReason);
        out.push({ at, protocol, ok: true, hex: toHex(buffer.slice(0, r.consumed)), ...d.describe(r.value) });
        buffer = buffer.slice(r.consumed);
      }
      flushJunk(lastReason);
      // A partial frame older than a few KB is noise, not a frame in progress.
      pending = buffer.length > 0 && buffer.length < 8192 ? { protocol, bytes: buffer } : null;
      return out;
    },
  };
}

/**
 * What a raw-terminal frame is, when a known decoder recognises all of it (the decoded view beside
 * the hex): a Modbus request or reply, an SZY206 / SL651 / HJ 212 frame. Null when none does.
 */
export function describeRawFrame(bytes: Uint8Array, direction: 'tx' | 'rx'): LabelledText | null {
  const whole = <T>(r: DecodeResult<T>): T | null =>
    r.status === 'ok' && r.consumed === bytes.length ? r.value : null;
  const modbus = direction === 'tx' ? whole(decodeModbusRequest(bytes)) : whole(decodeModbusResponse(bytes));
  if (modbus !== null) {
    return [
      'kind' in modbus
        ? `Modbus unit ${modbus.unitId} ${summarizeModbusResponse(modbus)}`
        : `Modbus unit ${modbus.unitId} FC ${hex2(modbus.functionCode)} @ ${modbus.address}`,
    ];
  }
  const szy = whole(decodeSzy206Message(bytes));
  if (szy !== null) {
    return [
      `SZY206 ${szy.direction} AFN ${hex2(szy.afn)} `,
      protocolLabelOf('szy206-afn', hex2(szy.afn), szy.afnName),
    ];
  }
  const sl = whole(decodeSl651Message(bytes));
  if (sl !== null) {
    return ['SL651 ', ...sl651(sl).summaryParts];
  }
  const hj = whole(decodeHj212Packet(bytes));
  return hj === null ? null : ['HJ 212 ', ...hj212(hj).summaryParts];
}
