/** AFN application function codes (SZY206-2016 / SL/T 427-2021) with the names crews know them by. */
export const szy206Afn = {
  linkTest: 0x02,
  setAddress: 0x10,
  setClock: 0x11,
  setWorkMode: 0x12,
  setRealtimeKinds: 0xa0,
  setReportIntervals: 0xa1,
  queryAddress: 0x50,
  queryClock: 0x51,
  queryWorkMode: 0x52,
  queryReportIntervals: 0x53,
  queryRealtimeKinds: 0x54,
  queryRemainingWater: 0x55,
  queryEventLog: 0x5d,
  queryStatusAlarm: 0x5e,
  queryPump: 0x5f,
  queryRealtime: 0xb0,
  queryStored: 0xb1,
  queryMemoryReports: 0xb2,
  randomAlarmReport: 0x81,
  manualEntry: 0x82,
  selfReport: 0xc0,
} as const;

/** AFN names; the code is the identity, shown as two hex digits. */
export const szy206AfnNames: readonly [afn: number, name: string, nameEn: string][] = [
  [0x02, '链路检测', 'Link test'],
  [0x10, '设置遥测终端、中继站地址', 'Set terminal or relay address'],
  [0x11, '设置遥测终端、中继站时钟', 'Set terminal or relay clock'],
  [0x12, '设置遥测终端工作模式', 'Set terminal work mode'],
  [0x15, '设置本次充值量', 'Set top-up amount'],
  [0x16, '设置剩余水量报警值', 'Set remaining-water alarm value'],
  [0x17, '设置水位基值、水位上下限', 'Set water level base and limits'],
  [0x18, '设置水压上下限', 'Set water pressure limits'],
  [0x19, '设置水质参数种类、上限值', 'Set water-quality parameters and upper limits'],
  [0x1a, '设置水质参数种类、下限值', 'Set water-quality parameters and lower limits'],
  [0x1b, '设置终端站水量的表底(初始)值', 'Set terminal meter base (initial) volume'],
  [0x1c, '设置转发中继引导码长', 'Set relay forwarding prefix length'],
  [0x1d, '设置中继站转发终端地址', 'Set relay forwarded terminal addresses'],
  [0x1e, '设置中继站工作机自动切换、自报状态', 'Set relay automatic switchover and self-report state'],
  [0x1f, '设置流量参数上限值', 'Set flow upper limit'],
  [0x20, '设置检测参数启报阈值及固态存储时间段间隔', 'Set report thresholds and storage interval'],
  [0x30, '置遥测终端IC卡功能有效', 'Enable terminal IC card'],
  [0x31, '取消遥测终端IC卡功能', 'Disable terminal IC card'],
  [0x32, '定值控制投入', 'Fixed-value control on'],
  [0x33, '定值控制退出', 'Fixed-value control off'],
  [0x34, '定值量设定', 'Set fixed value'],
  [0x50, '查询遥测终端、中继站地址', 'Query terminal or relay address'],
  [0x51, '查询遥测终端、中继站时钟', 'Query terminal or relay clock'],
  [0x52, '查询遥测终端工作模式', 'Query terminal work mode'],
  [0x53, '查询遥测终端的数据自报种类及时间间隔', 'Query self-report kinds and intervals'],
  [0x54, '查询遥测终端需查询的实时数据种类', 'Query real-time data kinds'],
  [0x55, '查询遥测终端最近成功充值量和现有剩余水量', 'Query last top-up and remaining water'],
  [0x56, '查询遥测终端剩余水量和报警值', 'Query remaining water and alarm value'],
  [0x57, '查询遥测终端水位基值、水位上下限', 'Query water level base and limits'],
  [0x58, '查询遥测终端水压上下限', 'Query water pressure limits'],
  [0x59, '查询遥测终端水质参数种类、上限值', 'Query water-quality parameters and upper limits'],
  [0x5a, '查询遥测终端水质参数种类、下限值', 'Query water-quality parameters and lower limits'],
  [0x5c, '查询终端历史日记录', 'Query terminal daily history'],
  [0x5d, '查询遥测终端的事件记录', 'Query terminal event log'],
  [0x5e, '查询遥测终端状态和报警状态', 'Query terminal status and alarms'],
  [0x5f, '查询水泵电机实时工作数据', 'Query pump motor real-time data'],
  [0x60, '查询遥测终端转发中继引导码长', 'Query relay forwarding prefix length'],
  [0x61, '查询遥测终端图像记录', 'Query terminal image records'],
  [0x62, '查询中继站转发终端地址', 'Query relay forwarded terminal addresses'],
  [0x63, '查询中继站工作机状态和切换记录', 'Query relay working unit state and switchovers'],
  [0x64, '查询遥测终端流量参数上限值', 'Query flow upper limit'],
  [0x65, '查询主备信道类型及中心站地址', 'Query main and standby channels and centre address'],
  [0x81, '随机自报报警数据', 'Random alarm report'],
  [0x82, '人工置数', 'Manual entry'],
  [0x83, '自报图片', 'Picture self-report'],
  [0x84, '自报电压', 'Voltage self-report'],
  [0x90, '复位遥测终端参数和状态', 'Reset terminal parameters and state'],
  [0x91, '清空遥测终端历史数据单元', 'Clear terminal history data'],
  [0x92, '遥控启动水泵或阀门/闸门', 'Remote start of pump or valve/gate'],
  [0x93, '遥控关闭水泵或阀门/闸门', 'Remote stop of pump or valve/gate'],
  [0x94, '遥控终端或中继站通信机切换', 'Remote switchover of terminal or relay communication unit'],
  [0x95, '遥控中继站工作机切换', 'Remote switchover of relay working unit'],
  [0x96, '修改遥测终端密码', 'Change terminal password'],
  [0xa0, '设置遥测站需查询的实时数据种类', 'Set real-time data kinds'],
  [0xa1, '设置遥测终端的数据自报种类及时间间隔', 'Set self-report kinds and intervals'],
  [0xb0, '查询遥测终端实时值', 'Query terminal real-time values'],
  [0xb1, '查询遥测终端固态存储数据', 'Query terminal stored data'],
  [0xb2, '查询遥测终端内存自报数据', 'Query terminal in-memory self-reports'],
  [0xc0, '遥测终端自报实时数据', 'Terminal real-time self-report'],
];

const names = new Map(szy206AfnNames.map(([afn, name]) => [afn, name]));

/** The AFN's name, or "未知" so an unknown vendor code still shows (with its raw data). */
export function szy206AfnName(afn: number): string {
  return names.get(afn) ?? '未知功能码';
}

/** Setting and control AFNs (10H–4FH, 90H–96H, A0H/A1H) carry PW and Tp downlink. */
export function afnCarriesPassword(afn: number): boolean {
  return (afn >= 0x10 && afn <= 0x4f) || (afn >= 0x90 && afn <= 0x96) || afn === 0xa0 || afn === 0xa1;
}
