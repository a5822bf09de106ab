import { describeModbusException } from '#shared/protocols/modbus/function-codes';
import type { LabelledText } from '#shared/protocols/common/label';
import type { LineCause } from '#shared/protocols/common/line-cause';
import { protocolLabel } from '#shared/protocols/labels';
import type { Failure } from '#shared/result';

/** The language of what `wrm` prints for people (JSON output is codes and values, the same in both). */
export const cliLangs = ['zh', 'en'] as const;
export type CliLang = (typeof cliLangs)[number];

/** Chinese first, as the app and the README: `--lang en` or WRM_LANG=en for English. */
export const defaultCliLang: CliLang = 'zh';

export type LangChoice =
  | { readonly ok: true; readonly lang: CliLang; readonly rest: readonly string[] }
  | { readonly ok: false; readonly given: string };

function isCliLang(value: string | undefined): value is CliLang {
  return value !== undefined && (cliLangs as readonly string[]).includes(value);
}

/** Takes `--lang <zh|en>` (or `--lang=…`) from anywhere in the arguments; else WRM_LANG; else zh. */
export function takeLang(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): LangChoice {
  const rest: string[] = [];
  let given: string | undefined;
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--lang') {
      given = args[i + 1] ?? '';
      i += 1;
    } else if (arg.startsWith('--lang=')) {
      given = arg.slice('--lang='.length);
    } else {
      rest.push(arg);
    }
  }
  const chosen = given ?? env['WRM_LANG'] ?? defaultCliLang;
  const short = chosen.toLowerCase().slice(0, 2);
  return isCliLang(short) ? { ok: true, lang: short, rest } : { ok: false, given: chosen };
}

/** Units as a reader of each language writes them out. */
const unitNames: Readonly<Record<string, readonly [zh: string, en: string]>> = {
  ms: ['毫秒', 'ms'],
  s: ['秒', 's'],
  'm³': ['立方米', 'm³'],
  'm³/h': ['立方米/小时', 'm³/h'],
  'm³/s': ['立方米/秒', 'm³/s'],
  'L/s': ['升/秒', 'L/s'],
  m: ['米', 'm'],
  mm: ['毫米', 'mm'],
  'm/s': ['米/秒', 'm/s'],
  V: ['伏', 'V'],
  '℃': ['摄氏度', '°C'],
  '°C': ['摄氏度', '°C'],
  kPa: ['千帕', 'kPa'],
  MPa: ['兆帕', 'MPa'],
  'mg/L': ['毫克/升', 'mg/L'],
  bps: ['波特', 'bps'],
  bytes: ['字节', 'bytes'],
};

/** A unit in the reader's language (an unknown unit is printed as given). */
export function unitName(unit: string, lang: CliLang): string {
  const names = unitNames[unit];
  return names === undefined ? unit : names[lang === 'zh' ? 0 : 1];
}

/** A value with its unit: "12.5 立方米/小时" / "12.5 m³/h". */
export function withUnit(value: number | string, unit: string | null, lang: CliLang): string {
  return unit === null || unit === '' ? String(value) : `${value} ${unitName(unit, lang)}`;
}

/** A decoded value's name in the reader's language, from its label code when it has one. */
export function valueName(value: { readonly name: string; readonly code?: string }, lang: CliLang): string {
  const label = value.code === undefined ? null : protocolLabel(value.code);
  return label === null ? value.name : label[lang];
}

const exceptionZh: Readonly<Record<number, string>> = {
  1: '非法功能码',
  2: '非法数据地址',
  3: '非法数据值',
  4: '从站设备故障',
  5: '确认（处理中）',
  6: '从站忙',
  8: '存储奇偶校验错误',
  10: '网关路径不可用',
  11: '网关目标设备无响应',
};

function hex2(n: number): string {
  return n.toString(16).toUpperCase().padStart(2, '0');
}

/** One cause in the reader's language, units included. */
export function causeLine(cause: LineCause, lang: CliLang): string {
  const ms = cause.timeoutMs === undefined ? '' : withUnit(cause.timeoutMs, 'ms', lang);
  const bytes = withUnit(cause.bytes ?? 0, 'bytes', lang);
  const path = cause.path ?? '';
  const os =
    cause.errno === undefined ? '' : lang === 'zh' ? `（系统错误 ${cause.errno}）` : ` (${cause.errno})`;
  const ex = cause.exceptionCode ?? 0;
  const zh: Record<LineCause['kind'], string> = {
    timeout: `${ms}内无应答`,
    'incomplete-reply': `应答不完整：${ms}内只收到 ${bytes}`,
    'crc-mismatch': '应答校验错误（CRC）',
    'wrong-unit': `收到从站 ${cause.unitId ?? '?'} 的应答，请求的是从站 ${cause.expectedUnitId ?? '?'}`,
    'mismatched-reply': '应答与请求不对应',
    'malformed-reply': '收到的字节不是有效报文',
    'device-exception': `从站 ${cause.unitId ?? '?'} 返回异常码 ${hex2(ex)}：${exceptionZh[ex] ?? '未知异常'}`,
    'port-not-found': `找不到串口 ${path}`,
    'permission-denied': `没有权限打开串口 ${path}`,
    'port-busy': `串口 ${path} 正被占用`,
    'not-a-serial-port': `${path} 不是串口设备`,
    'open-failed': `无法打开串口 ${path}`,
    'port-vanished': `串口 ${path} 已断开`,
    'port-closed': '串口已关闭',
    'write-failed': '写入串口失败',
    cancelled: '已取消',
    'invalid-request': '请求参数超出范围',
    'lister-failed': '无法列出串口',
    'line-busy': '串口正被占用',
    'not-connected': '尚未连接串口',
  };
  const en: Record<LineCause['kind'], string> = {
    timeout: `no reply within ${ms}`,
    'incomplete-reply': `incomplete reply: only ${bytes} within ${ms}`,
    'crc-mismatch': 'reply failed its checksum (CRC)',
    'wrong-unit': `reply from unit ${cause.unitId ?? '?'}, but unit ${cause.expectedUnitId ?? '?'} was asked`,
    'mismatched-reply': 'reply does not answer the request',
    'malformed-reply': 'bytes received are not a valid frame',
    'device-exception': `unit ${cause.unitId ?? '?'} answered ${describeModbusException(ex)}`,
    'port-not-found': `serial port ${path} not found`,
    'permission-denied': `no permission to open ${path}`,
    'port-busy': `serial port ${path} is in use`,
    'not-a-serial-port': `${path} is not a serial device`,
    'open-failed': `could not open serial port ${path}`,
    'port-vanished': `serial port ${path} went away`,
    'port-closed': 'the port is closed',
    'write-failed': 'writing to the port failed',
    cancelled: 'cancelled',
    'invalid-request': 'request parameters are out of range',
    'lister-failed': 'could not list the serial ports',
    'line-busy': 'the port is busy',
    'not-connected': 'no port is connected',
  };
  return `${(lang === 'zh' ? zh : en)[cause.kind]}${os}`;
}

/** A failure for people: its code, then its cause in the reader's language (else the log message). */
export function failureLine(failure: Failure, lang: CliLang): string {
  return `${failure.code}: ${failure.cause === undefined ? failure.message : causeLine(failure.cause, lang)}`;
}

/** Labelled text (protocol names as codes) in the reader's language; unknown codes keep the decoder's name. */
export function labelledText(parts: LabelledText, lang: CliLang): string {
  return parts
    .map((p) => {
      if (typeof p === 'string') {
        return p;
      }
      const names = protocolLabel(p.code);
      return names === null ? p.name : names[lang];
    })
    .join('');
}
