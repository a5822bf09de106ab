import { describe, expect, it } from 'vitest';
import { timeAxisLabels } from './time-axis';

// 2026-12-07 23:50 in Beijing, in seconds (uPlot's unit).
const start = Date.parse('2026-12-07T23:50:00+08:00') / 1000;
const every = (step: number, n: number) => Array.from({ length: n }, (_, i) => start + i * step);
// Some ICU versions put a narrow no-break space before AM/PM.
const plain = (labels: string[]) => labels.map((l) => l.replace(/\u202f/g, ' '));

describe('the polling chart’s time axis in the reader’s language', () => {
  it('zh-CN: 24-hour clock times, the date on the first tick and on the new day', () => {
    expect(timeAxisLabels(every(300, 4), 300, 'zh-CN', 'Asia/Shanghai')).toEqual([
      '12月7日 23:50',
      '23:55',
      '12月8日 00:00',
      '00:05',
    ]);
  });

  it('en-US: AM/PM clock times and English month names', () => {
    expect(plain(timeAxisLabels(every(300, 4), 300, 'en-US', 'Asia/Shanghai'))).toEqual([
      'Dec 7, 11:50 PM',
      '11:55 PM',
      'Dec 8, 12:00 AM',
      '12:05 AM',
    ]);
  });

  it('seconds when ticks are under a minute apart; dates alone a day or more apart', () => {
    expect(timeAxisLabels(every(15, 2), 15, 'zh-CN', 'Asia/Shanghai')).toEqual([
      '12月7日 23:50:00',
      '23:50:15',
    ]);
    expect(timeAxisLabels(every(86_400, 2), 86_400, 'zh-CN', 'Asia/Shanghai')).toEqual([
      '12月7日',
      '12月8日',
    ]);
    expect(timeAxisLabels(every(86_400, 2), 86_400, 'en-US', 'Asia/Shanghai')).toEqual(['Dec 7', 'Dec 8']);
  });

  it('the zone decides the day: the same instants read on one day in UTC', () => {
    expect(plain(timeAxisLabels(every(300, 3), 300, 'en-US', 'UTC'))).toEqual([
      'Dec 7, 3:50 PM',
      '3:55 PM',
      '4:00 PM',
    ]);
  });
});
