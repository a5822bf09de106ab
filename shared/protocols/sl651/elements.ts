/**
 * SL651-2014 element identifiers (遥测信息编码要素及标识符, appendix C of the standard) with the names
 * and units crews read. The identifier byte is followed by a data-definition byte (high 5 bits = bytes,
 * low 3 bits = decimals) and the BCD value. Series elements (F4 rain, F5–FC levels) carry fixed-size
 * binary arrays instead.
 */
export type Sl651Element = {
  readonly id: number;
  readonly code: string;
  readonly name: string;
  readonly unit: string;
};

const rows: readonly [number, string, string, string][] = [
  [0x01, 'AC', '断面面积', 'm²'],
  [0x02, 'AI', '瞬时气温', '°C'],
  [0x03, 'C', '瞬时水温', '°C'],
  [0x04, 'DRxnn', '时间步长码', ''],
  [0x05, 'DT', '时段长', 'h.mm'],
  [0x06, 'ED', '日蒸发量', 'mm'],
  [0x07, 'EJ', '当前蒸发', 'mm'],
  [0x08, 'FL', '气压', 'hPa'],
  [0x09, 'GH', '闸坝、水库闸门开启高度', 'm'],
  [0x0a, 'GN', '输水设备、闸门(组)编号', ''],
  [0x0b, 'GS', '输水设备类别', ''],
  [0x0c, 'GT', '水库、闸坝闸门开启孔数', ''],
  [0x0d, 'GTP', '地温', '°C'],
  [0x0e, 'H', '地下水瞬时埋深', 'm'],
  [0x0f, 'HW', '波浪高度', 'm'],
  [0x10, 'M10', '10厘米处土壤含水量', '%'],
  [0x11, 'M20', '20厘米处土壤含水量', '%'],
  [0x12, 'M30', '30厘米处土壤含水量', '%'],
  [0x13, 'M40', '40厘米处土壤含水量', '%'],
  [0x14, 'M50', '50厘米处土壤含水量', '%'],
  [0x15, 'M60', '60厘米处土壤含水量', '%'],
  [0x16, 'M80', '80厘米处土壤含水量', '%'],
  [0x17, 'M100', '100厘米处土壤含水量', '%'],
  [0x18, 'MST', '湿度', '%'],
  [0x19, 'NS', '开机台数', ''],
  [0x1a, 'P1', '1小时时段降水量', 'mm'],
  [0x1b, 'P2', '2小时时段降水量', 'mm'],
  [0x1c, 'P3', '3小时时段降水量', 'mm'],
  [0x1d, 'P6', '6小时时段降水量', 'mm'],
  [0x1e, 'P12', '12小时时段降水量', 'mm'],
  [0x1f, 'PD', '日降水量', 'mm'],
  [0x20, 'PJ', '当前降水量', 'mm'],
  [0x21, 'PN01', '1分钟时段降水量', 'mm'],
  [0x22, 'PN05', '5分钟时段降水量', 'mm'],
  [0x23, 'PN10', '10分钟时段降水量', 'mm'],
  [0x24, 'PN30', '30分钟时段降水量', 'mm'],
  [0x25, 'PR', '暴雨量', 'mm'],
  [0x26, 'PT', '降水量累计值', 'mm'],
  [0x27, 'Q', '瞬时流量', 'm³/s'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): [number, string, string, string] => [
    0x27 + n,
    `Q${n}`,
    `取(排)水口流量${n}`,
    'm³/s',
  ]),
  [0x30, 'QA', '总出库流量', 'm³/s'],
  [0x31, 'QZ', '输水设备流量', 'm³/s'],
  [0x32, 'SW', '输沙量', '万吨'],
  [0x33, 'UC', '风向', ''],
  [0x34, 'UE', '风力(级)', ''],
  [0x35, 'US', '风速', 'm/s'],
  [0x36, 'VA', '断面平均流速', 'm/s'],
  [0x37, 'VJ', '当前瞬时流速', 'm/s'],
  [0x38, 'VT', '电源电压', 'V'],
  [0x39, 'Z', '瞬时河道水位、潮位', 'm'],
  [0x3a, 'ZB', '库(闸、站)下水位', 'm'],
  [0x3b, 'ZU', '库(闸、站)上水位', 'm'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): [number, string, string, string] => [
    0x3b + n,
    `Z${n}`,
    `取(排)水口水位${n}`,
    'm',
  ]),
  [0x44, 'SQ', '含沙量', 'kg/m³'],
  [0x45, 'ZT', '遥测站状态及报警信息', ''],
  [0x46, 'pH', 'pH值', ''],
  [0x47, 'DO', '溶解氧', 'mg/L'],
  [0x48, 'COND', '电导率', 'µS/cm'],
  [0x49, 'TURB', '浊度', 'NTU'],
  [0x4a, 'CODMN', '高锰酸盐指数', 'mg/L'],
  [0x4b, 'REDOX', '氧化还原电位', 'mV'],
  [0x4c, 'NH4N', '氨氮', 'mg/L'],
  [0x4d, 'TP', '总磷', 'mg/L'],
  [0x4e, 'TN', '总氮', 'mg/L'],
  [0x4f, 'TOC', '总有机碳', 'mg/L'],
  [0x50, 'CU', '铜', 'mg/L'],
  [0x51, 'ZN', '锌', 'mg/L'],
  [0x52, 'SE', '硒', 'mg/L'],
  [0x53, 'AS', '砷', 'mg/L'],
  [0x54, 'THG', '总汞', 'mg/L'],
  [0x55, 'CD', '镉', 'mg/L'],
  [0x56, 'PB', '铅', 'mg/L'],
  [0x57, 'CHLA', '叶绿素a', 'µg/L'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): [number, string, string, string] => [
    0x57 + n,
    `WP${n}`,
    `水压${n}`,
    'kPa',
  ]),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): [number, string, string, string] => [
    0x5f + n,
    `SYL${n}`,
    `水表${n}剩余水量`,
    'm³',
  ]),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): [number, string, string, string] => [
    0x67 + n,
    `SBL${n}`,
    `水表${n}每小时水量`,
    'm³',
  ]),
  [0x70, 'VTA', '交流A相电压', 'V'],
  [0x71, 'VTB', '交流B相电压', 'V'],
  [0x72, 'VTC', '交流C相电压', 'V'],
  [0x73, 'VIA', '交流A相电流', 'A'],
  [0x74, 'VIB', '交流B相电流', 'A'],
  [0x75, 'VIC', '交流C相电流', 'A'],
  [0xf0, 'TT', '观测时间引导符', ''],
  [0xf1, 'ST', '测站编码引导符', ''],
  [0xf2, 'RGZS', '人工置数', ''],
  [0xf3, 'PIC', '图片信息', ''],
  [0xf4, 'DRP', '1小时内每5分钟时段雨量', 'mm'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): [number, string, string, string] => [
    0xf4 + n,
    `DRZ${n}`,
    `1小时内5分钟间隔相对水位${n}`,
    'm',
  ]),
  [0xfd, 'DATA', '流速批量数据传输', ''],
];

const table = new Map<number, Sl651Element>(
  rows.map(([id, code, name, unit]) => [id, { id, code, name, unit }]),
);

export function sl651Element(id: number): Sl651Element {
  return (
    table.get(id) ?? {
      id,
      code: `0x${id.toString(16).toUpperCase().padStart(2, '0')}`,
      name: '未知要素',
      unit: '',
    }
  );
}

/** 遥测站状态及报警信息 (element 45H, 32 bits, bit 0 first) [M]. */
export const sl651StatusBits: readonly [key: string, name: string][] = [
  ['ac-power', '交流电充电状态 (1 = 停电)'],
  ['battery', '蓄电池电压状态 (1 = 电压低)'],
  ['water-level-over-limit', '水位超限报警'],
  ['flow-over-limit', '流量超限报警'],
  ['water-quality-over-limit', '水质超限报警'],
  ['flow-meter', '流量仪表状态 (1 = 故障)'],
  ['water-level-meter', '水位仪表状态 (1 = 故障)'],
  ['cabinet-door', '终端箱门状态 (1 = 关闭)'],
  ['memory', '存储器状态 (1 = 异常)'],
  ['ic-card', 'IC卡功能 (1 = 有效)'],
  ['pump', '水泵工作状态 (1 = 停机)'],
  ['remaining-water', '剩余水量报警 (1 = 超下限)'],
];

export const sl651FunctionNames: Readonly<Record<number, string>> = {
  0x2f: '链路维持报',
  0x30: '测试报',
  0x31: '均匀时段水文信息报',
  0x32: '遥测站定时报',
  0x33: '遥测站加报报',
  0x34: '遥测站小时报',
  0x35: '遥测站人工置数报',
  0x36: '遥测站图片报或中心站查询遥测站图片采集信息',
  0x37: '中心站查询遥测站实时数据',
  0x38: '中心站查询遥测站时段数据',
  0x39: '中心站查询遥测站人工置数',
  0x3a: '中心站查询遥测站指定要素数据',
  0x40: '中心站修改遥测站基本配置表',
  0x41: '中心站读取遥测站基本配置表',
  0x42: '中心站修改遥测站运行参数配置表',
  0x43: '中心站读取遥测站运行参数配置表',
  0x44: '查询水泵电机实时工作数据',
  0x45: '查询遥测终端软件版本',
  0x46: '查询遥测站状态和报警信息',
  0x47: '初始化固态存储数据',
  0x48: '恢复终端出厂设置',
  0x49: '修改密码',
  0x4a: '设置遥测站时钟',
  0x4b: '设置遥测终端IC卡状态',
  0x4c: '控制水泵开关命令',
  0x4d: '控制阀门开关命令',
  0x4e: '控制闸门开关命令',
  0x4f: '水量定值控制命令',
  0x50: '中心站查询遥测站事件记录',
  0x51: '中心站查询遥测站时钟',
};

export const sl651EndChars = {
  0x03: 'ETX',
  0x17: 'ETB',
  0x05: 'ENQ',
  0x06: 'ACK',
  0x15: 'NAK',
  0x04: 'EOT',
  0x1b: 'ESC',
} as const;
export type Sl651EndChar = (typeof sl651EndChars)[keyof typeof sl651EndChars];
