import { protocolLabelOf, type ProtocolLabel } from '../common/label';
import type { Szy206Status } from './fields';

/**
 * Fixed words the RTU page's answers are made of (value names, summaries, the snapshot's status
 * list). Kept as tables with both languages so the answer can carry codes instead of prose.
 */
export const szy206AnswerTexts = {
  'link-ok': ['链路正常', 'Link OK'],
  'rtu-clock': ['终端时钟', 'Terminal clock'],
  'clock-offset': ['时钟偏差', 'Clock offset'],
  'work-mode': ['工作模式', 'Work mode'],
  'alarm-word': ['报警字', 'Alarm word'],
  'status-word': ['状态字', 'Status word'],
  'no-alarm': ['无报警', 'No alarms'],
  'no-intervals': ['无自报种类', 'No self-report kinds'],
  // Chinese lists alarms with the enumeration comma; English needs a plain one.
  'list-separator': ['、', ', '],
} as const satisfies Record<string, readonly [zh: string, en: string]>;
export type Szy206AnswerText = keyof typeof szy206AnswerTexts;

export function szy206TextLabel(key: Szy206AnswerText): ProtocolLabel {
  return protocolLabelOf('szy206-text', key, szy206AnswerTexts[key][0]);
}

/** Status-word facts as the snapshot lists them. */
export const szy206StatusTexts = {
  'battery-power': ['蓄电池供电', 'Battery powered'],
  'ac-power': ['交流供电', 'AC powered'],
  'ic-card-enabled': ['IC卡功能有效', 'IC card enabled'],
  'fixed-value-control-on': ['定值控制投入', 'Fixed-value control on'],
  'pump-running': ['水泵工作', 'Pump running'],
  'cabinet-door-bit': ['箱门状态位置位', 'Cabinet door bit set'],
} as const satisfies Record<string, readonly [zh: string, en: string]>;
export type Szy206StatusText = keyof typeof szy206StatusTexts;

/** The status word's facts, power source first; the work mode is listed separately. */
export function szy206StatusLabels(status: Szy206Status): ProtocolLabel[] {
  const keys: Szy206StatusText[] = [status.powerSource === 'battery' ? 'battery-power' : 'ac-power'];
  if (status.icCardEnabled) {
    keys.push('ic-card-enabled');
  }
  if (status.fixedValueControlOn) {
    keys.push('fixed-value-control-on');
  }
  if (status.pumpRunning) {
    keys.push('pump-running');
  }
  if (status.cabinetDoorBit) {
    keys.push('cabinet-door-bit');
  }
  return keys.map((k) => protocolLabelOf('szy206-status', k, szy206StatusTexts[k][0]));
}
