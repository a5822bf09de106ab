/**
 * Which HJ 212 edition a packet speaks: HJ 212-2017 or HJ 212-2025 (in force 2026-01-01).
 *
 * Facts (protocols-history.md §1c/§1d):
 * - Framing, length rule and the CRC procedure (Annex A) are the same in both editions [H for the CRC:
 *   the 2025 example `…Flag=9;CP=&&&&` checks to 2200 with the 2017 procedure]. So the CRC and the
 *   length never tell the editions apart.
 * - Flag bits V5…V0 (Flag >> 2): 0 = HJ/T 212-2005, 1 = 2017 [H], 2 = 2025 [L–M: public implementations
 *   only, no copy of the 2025 text was found]. Bit 0 (ack) and bit 1 (PNUM/PNO) keep their 2017 meaning
 *   per those implementations; the 2025 text reportedly names the letters A and D the other way round,
 *   which changes no bit [L].
 * - `RF=1` (补传, after PNUM/PNO, before CP) exists only in 2025 [L–M].
 * - CNs 9015, 1001, 1002, 1014, 2013, 2052, 2062, 2111 and STs 44, 45 are new in 2025 [L–M].
 * - An SM4-encrypted data area (`CP=&&{0x…}&&`) is 2025 only [L–M].
 *
 * The Flag version is the one field made to say the edition; the other hints only decide when a packet
 * carries no Flag (replies of some loggers omit it). A packet whose Flag and hints disagree is `unknown`,
 * with both named in the reason.
 */
export type Hj212Edition = 'hj212-2017' | 'hj212-2025' | 'unknown';

export type Hj212EditionInfo = {
  readonly edition: Hj212Edition;
  /** Why, in words a crew can read (English; the screen shows the edition tag and this as tooltip). */
  readonly reason: string;
  /** Every hint seen, e.g. `flag-version-2`, `rf-field`, `cn-2062` — for tests and logs. */
  readonly evidence: readonly string[];
};

/** Flag version bits of each edition. 2025's value is [L–M]. */
export const hj212FlagVersions = { 'hj212-2017': 1, 'hj212-2025': 2 } as const;

/** CNs that, per public 2025 implementations, are new in HJ 212-2025 [L–M]. */
export const hj212Cn2025Only: Readonly<Record<string, string>> = {
  '9015': '心跳',
  '1001': '上传硬件序号',
  '1002': '设置MN',
  '1014': '密钥',
  '2013': '原始监测数据',
  '2052': '噪声单次',
  '2062': '标样核查',
  '2111': '炉膛温度 5 min',
};

/** System codes new in 2025 [L–M]: 44 用电监控, 45 关键生产工况. */
export const hj212St2025Only: Readonly<Record<string, string>> = { '44': '用电监控', '45': '关键生产工况' };

export type Hj212EditionHints = {
  /** The raw Flag value, or null when the packet has none. */
  readonly flag: number | null;
  readonly cn: string;
  readonly st: string | null;
  /** The RF field's text when present (only `1` is defined). */
  readonly rf: string | null;
  /** The data area looks SM4-encrypted (`{0x…}`). */
  readonly encryptedCp: boolean;
};

/** Flag value for an edition with the ack and split bits. */
export function hj212FlagFor(
  edition: Exclude<Hj212Edition, 'unknown'>,
  bits: { readonly ack?: boolean; readonly split?: boolean } = {},
): number {
  return (hj212FlagVersions[edition] << 2) | (bits.split ? 2 : 0) | (bits.ack ? 1 : 0);
}

export function detectHj212Edition(h: Hj212EditionHints): Hj212EditionInfo {
  const hints2025: string[] = [];
  if (h.rf !== null) {
    hints2025.push('rf-field');
  }
  if (hj212Cn2025Only[h.cn] !== undefined) {
    hints2025.push(`cn-${h.cn}`);
  }
  if (h.st !== null && hj212St2025Only[h.st] !== undefined) {
    hints2025.push(`st-${h.st}`);
  }
  if (h.encryptedCp) {
    hints2025.push('sm4-cp');
  }
  const hintText = hints2025
    .map((e) =>
      e === 'rf-field'
        ? `RF=${h.rf ?? ''} (补传 field, 2025 only)`
        : e === 'sm4-cp'
          ? 'SM4-encrypted CP (2025 only)'
          : e.startsWith('cn-')
            ? `CN=${h.cn} ${hj212Cn2025Only[h.cn] ?? ''} (new in 2025)`
            : `ST=${h.st ?? ''} (new in 2025)`,
    )
    .join(', ');
  if (h.flag === null) {
    return hints2025.length > 0
      ? {
          edition: 'hj212-2025',
          reason: `no Flag; ${hintText} — from public 2025 implementations, not the standard text`,
          evidence: ['no-flag', ...hints2025],
        }
      : {
          edition: 'unknown',
          reason: 'no Flag field and nothing 2025-only: both editions frame such a packet alike',
          evidence: ['no-flag'],
        };
  }
  const version = h.flag >>> 2;
  const evidence = [`flag-version-${version}`, ...hints2025];
  if (version === hj212FlagVersions['hj212-2025']) {
    return {
      edition: 'hj212-2025',
      reason: `Flag=${h.flag}: version bits 000010 = HJ 212-2025 (per public implementations; the 2025 text was not seen)${hintText === '' ? '' : `; also ${hintText}`}`,
      evidence,
    };
  }
  if (version === hj212FlagVersions['hj212-2017']) {
    return hints2025.length > 0
      ? {
          edition: 'unknown',
          reason: `Flag=${h.flag} says HJ 212-2017 (version 000001) but the packet has ${hintText}`,
          evidence,
        }
      : {
          edition: 'hj212-2017',
          reason: `Flag=${h.flag}: version bits 000001 = HJ 212-2017`,
          evidence,
        };
  }
  return {
    edition: 'unknown',
    reason:
      version === 0
        ? `Flag=${h.flag}: version bits 000000 = HJ/T 212-2005, neither 2017 nor 2025`
        : `Flag=${h.flag}: version bits ${version.toString(2).padStart(6, '0')} name no known edition`,
    evidence,
  };
}
