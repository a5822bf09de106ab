/**
 * SL651-2014 element identifiers (遥测信息编码要素及标识符, appendix C of the standard) with the names
 * and units crews read. The identifier byte is followed by a data-definition byte (high 5 bits = bytes,
 * low 3 bits = decimals) and the BCD value. Series elements (F4 rain, F5–FC levels) carry fixed-size
 * binary arrays instead.
 */
export type Sl651Element = {
  readonly id: number;
  /** The standard's identifier (e.g. `AI`): the element's language-independent identity. */
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly unit: string;
};

type Row = [id: number, code: string, name: string, nameEn: string, unit: string];

const rows: readonly Row[] = [
  [0x01, 'AC', '断面面积', 'Cross-section area', 'm²'],
  [0x02, 'AI', '瞬时气温', 'Air temperature (instantaneous)', '°C'],
  [0x03, 'C', '瞬时水温', 'Water temperature (instantaneous)', '°C'],
  [0x04, 'DRxnn', '时间步长码', 'Time step code', ''],
  [0x05, 'DT', '时段长', 'Period length', 'h.mm'],
  [0x06, 'ED', '日蒸发量', 'Daily evaporation', 'mm'],
  [0x07, 'EJ', '当前蒸发', 'Current evaporation', 'mm'],
  [0x08, 'FL', '气压', 'Air pressure', 'hPa'],
  [0x09, 'GH', '闸坝、水库闸门开启高度', 'Gate opening height (sluice, dam, reservoir)', 'm'],
  [0x0a, 'GN', '输水设备、闸门(组)编号', 'Conveyance device or gate (group) number', ''],
  [0x0b, 'GS', '输水设备类别', 'Conveyance device type', ''],
  [0x0c, 'GT', '水库、闸坝闸门开启孔数', 'Number of open gates (reservoir, sluice, dam)', ''],
  [0x0d, 'GTP', '地温', 'Ground temperature', '°C'],
  [0x0e, 'H', '地下水瞬时埋深', 'Groundwater depth (instantaneous)', 'm'],
  [0x0f, 'HW', '波浪高度', 'Wave height', 'm'],
  [0x10, 'M10', '10厘米处土壤含水量', 'Soil moisture at 10 cm', '%'],
  [0x11, 'M20', '20厘米处土壤含水量', 'Soil moisture at 20 cm', '%'],
  [0x12, 'M30', '30厘米处土壤含水量', 'Soil moisture at 30 cm', '%'],
  [0x13, 'M40', '40厘米处土壤含水量', 'Soil moisture at 40 cm', '%'],
  [0x14, 'M50', '50厘米处土壤含水量', 'Soil moisture at 50 cm', '%'],
  [0x15, 'M60', '60厘米处土壤含水量', 'Soil moisture at 60 cm', '%'],
  [0x16, 'M80', '80厘米处土壤含水量', 'Soil moisture at 80 cm', '%'],
  [0x17, 'M100', '100厘米处土壤含水量', 'Soil moisture at 100 cm', '%'],
  [0x18, 'MST', '湿度', 'Humidity', '%'],
  [0x19, 'NS', '开机台数', 'Number of units running', ''],
  [0x1a, 'P1', '1小时时段降水量', 'Rainfall, 1 h period', 'mm'],
  [0x1b, 'P2', '2小时时段降水量', 'Rainfall, 2 h period', 'mm'],
  [0x1c, 'P3', '3小时时段降水量', 'Rainfall, 3 h period', 'mm'],
  [0x1d, 'P6', '6小时时段降水量', 'Rainfall, 6 h period', 'mm'],
  [0x1e, 'P12', '12小时时段降水量', 'Rainfall, 12 h period', 'mm'],
  [0x1f, 'PD', '日降水量', 'Daily rainfall', 'mm'],
  [0x20, 'PJ', '当前降水量', 'Current rainfall', 'mm'],
  [0x21, 'PN01', '1分钟时段降水量', 'Rainfall, 1 min period', 'mm'],
  [0x22, 'PN05', '5分钟时段降水量', 'Rainfall, 5 min period', 'mm'],
  [0x23, 'PN10', '10分钟时段降水量', 'Rainfall, 10 min period', 'mm'],
  [0x24, 'PN30', '30分钟时段降水量', 'Rainfall, 30 min period', 'mm'],
  [0x25, 'PR', '暴雨量', 'Storm rainfall', 'mm'],
  [0x26, 'PT', '降水量累计值', 'Cumulative rainfall', 'mm'],
  [0x27, 'Q', '瞬时流量', 'Flow (instantaneous)', 'm³/s'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): Row => [
    0x27 + n,
    `Q${n}`,
    `取(排)水口流量${n}`,
    `Intake (outlet) flow ${n}`,
    'm³/s',
  ]),
  [0x30, 'QA', '总出库流量', 'Total reservoir outflow', 'm³/s'],
  [0x31, 'QZ', '输水设备流量', 'Conveyance device flow', 'm³/s'],
  [0x32, 'SW', '输沙量', 'Sediment load', '万吨'],
  [0x33, 'UC', '风向', 'Wind direction', ''],
  [0x34, 'UE', '风力(级)', 'Wind force (Beaufort scale)', ''],
  [0x35, 'US', '风速', 'Wind speed', 'm/s'],
  [0x36, 'VA', '断面平均流速', 'Mean cross-section velocity', 'm/s'],
  [0x37, 'VJ', '当前瞬时流速', 'Current velocity (instantaneous)', 'm/s'],
  [0x38, 'VT', '电源电压', 'Supply voltage', 'V'],
  [0x39, 'Z', '瞬时河道水位、潮位', 'River water level or tide level (instantaneous)', 'm'],
  [0x3a, 'ZB', '库(闸、站)下水位', 'Downstream water level (reservoir, sluice, station)', 'm'],
  [0x3b, 'ZU', '库(闸、站)上水位', 'Upstream water level (reservoir, sluice, station)', 'm'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): Row => [
    0x3b + n,
    `Z${n}`,
    `取(排)水口水位${n}`,
    `Intake (outlet) water level ${n}`,
    'm',
  ]),
  [0x44, 'SQ', '含沙量', 'Sediment concentration', 'kg/m³'],
  [0x45, 'ZT', '遥测站状态及报警信息', 'Station status and alarms', ''],
  [0x46, 'pH', 'pH值', 'pH', ''],
  [0x47, 'DO', '溶解氧', 'Dissolved oxygen', 'mg/L'],
  [0x48, 'COND', '电导率', 'Conductivity', 'µS/cm'],
  [0x49, 'TURB', '浊度', 'Turbidity', 'NTU'],
  [0x4a, 'CODMN', '高锰酸盐指数', 'Permanganate index', 'mg/L'],
  [0x4b, 'REDOX', '氧化还原电位', 'Redox potential', 'mV'],
  [0x4c, 'NH4N', '氨氮', 'Ammonia nitrogen', 'mg/L'],
  [0x4d, 'TP', '总磷', 'Total phosphorus', 'mg/L'],
  [0x4e, 'TN', '总氮', 'Total nitrogen', 'mg/L'],
  [0x4f, 'TOC', '总有机碳', 'Total organic carbon', 'mg/L'],
  [0x50, 'CU', '铜', 'Copper', 'mg/L'],
  [0x51, 'ZN', '锌', 'Zinc', 'mg/L'],
  [0x52, 'SE', '硒', 'Selenium', 'mg/L'],
  [0x53, 'AS', '砷', 'Arsenic', 'mg/L'],
  [0x54, 'THG', '总汞', 'Total mercury', 'mg/L'],
  [0x55, 'CD', '镉', 'Cadmium', 'mg/L'],
  [0x56, 'PB', '铅', 'Lead', 'mg/L'],
  [0x57, 'CHLA', '叶绿素a', 'Chlorophyll a', 'µg/L'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): Row => [0x57 + n, `WP${n}`, `水压${n}`, `Water pressure ${n}`, 'kPa']),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): Row => [
    0x5f + n,
    `SYL${n}`,
    `水表${n}剩余水量`,
    `Water meter ${n} remaining volume`,
    'm³',
  ]),
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): Row => [
    0x67 + n,
    `SBL${n}`,
    `水表${n}每小时水量`,
    `Water meter ${n} hourly volume`,
    'm³',
  ]),
  [0x70, 'VTA', '交流A相电压', 'AC phase A voltage', 'V'],
  [0x71, 'VTB', '交流B相电压', 'AC phase B voltage', 'V'],
  [0x72, 'VTC', '交流C相电压', 'AC phase C voltage', 'V'],
  [0x73, 'VIA', '交流A相电流', 'AC phase A current', 'A'],
  [0x74, 'VIB', '交流B相电流', 'AC phase B current', 'A'],
  [0x75, 'VIC', '交流C相电流', 'AC phase C current', 'A'],
  [0xf0, 'TT', '观测时间引导符', 'Observation time marker', ''],
  [0xf1, 'ST', '测站编码引导符', 'Station address marker', ''],
  [0xf2, 'RGZS', '人工置数', 'Manual entry', ''],
  [0xf3, 'PIC', '图片信息', 'Picture', ''],
  [0xf4, 'DRP', '1小时内每5分钟时段雨量', 'Rainfall per 5 min within the hour', 'mm'],
  ...[1, 2, 3, 4, 5, 6, 7, 8].map((n): Row => [
    0xf4 + n,
    `DRZ${n}`,
    `1小时内5分钟间隔相对水位${n}`,
    `Relative water level ${n}, 5 min steps within the hour`,
    'm',
  ]),
  [0xfd, 'DATA', '流速批量数据传输', 'Velocity batch data', ''],
];

/** Every element of the table, in identifier order. */
export const sl651Elements: readonly Sl651Element[] = rows.map(([id, code, name, nameEn, unit]) => ({
  id,
  code,
  name,
  nameEn,
  unit,
}));

const table = new Map<number, Sl651Element>(sl651Elements.map((e) => [e.id, e]));

/** An identifier outside the table gets its hex as code, so it is still told apart from the others. */
export function sl651Element(id: number): Sl651Element {
  return (
    table.get(id) ?? {
      id,
      code: `0x${id.toString(16).toUpperCase().padStart(2, '0')}`,
      name: '未知要素',
      nameEn: 'Unknown element',
      unit: '',
    }
  );
}

/** 遥测站状态及报警信息 (element 45H, 32 bits, bit 0 first) [M]. */
export const sl651StatusBits: readonly [key: string, name: string, nameEn: string][] = [
  ['ac-power', '交流电充电状态 (1 = 停电)', 'AC charging (1 = power cut)'],
  ['battery', '蓄电池电压状态 (1 = 电压低)', 'Battery voltage (1 = low)'],
  ['water-level-over-limit', '水位超限报警', 'Water level over limit alarm'],
  ['flow-over-limit', '流量超限报警', 'Flow over limit alarm'],
  ['water-quality-over-limit', '水质超限报警', 'Water quality over limit alarm'],
  ['flow-meter', '流量仪表状态 (1 = 故障)', 'Flow meter (1 = fault)'],
  ['water-level-meter', '水位仪表状态 (1 = 故障)', 'Water level meter (1 = fault)'],
  ['cabinet-door', '终端箱门状态 (1 = 关闭)', 'Terminal cabinet door (1 = closed)'],
  ['memory', '存储器状态 (1 = 异常)', 'Memory (1 = fault)'],
  ['ic-card', 'IC卡功能 (1 = 有效)', 'IC card function (1 = enabled)'],
  ['pump', '水泵工作状态 (1 = 停机)', 'Pump (1 = stopped)'],
  ['remaining-water', '剩余水量报警 (1 = 超下限)', 'Remaining water alarm (1 = below lower limit)'],
];

/** Function codes (功能码) with their names; the code is the identity, shown as two hex digits. */
export const sl651Functions: readonly [code: number, name: string, nameEn: string][] = [
  [0x2f, '链路维持报', 'Link keep-alive report'],
  [0x30, '测试报', 'Test report'],
  [0x31, '均匀时段水文信息报', 'Uniform-interval hydrological report'],
  [0x32, '遥测站定时报', 'Timed report'],
  [0x33, '遥测站加报报', 'Additional report'],
  [0x34, '遥测站小时报', 'Hourly report'],
  [0x35, '遥测站人工置数报', 'Manual entry report'],
  [0x36, '遥测站图片报或中心站查询遥测站图片采集信息', 'Picture report, or centre queries picture'],
  [0x37, '中心站查询遥测站实时数据', 'Centre queries real-time data'],
  [0x38, '中心站查询遥测站时段数据', 'Centre queries period data'],
  [0x39, '中心站查询遥测站人工置数', 'Centre queries manual entry'],
  [0x3a, '中心站查询遥测站指定要素数据', 'Centre queries specified elements'],
  [0x40, '中心站修改遥测站基本配置表', 'Centre modifies basic configuration'],
  [0x41, '中心站读取遥测站基本配置表', 'Centre reads basic configuration'],
  [0x42, '中心站修改遥测站运行参数配置表', 'Centre modifies operating parameters'],
  [0x43, '中心站读取遥测站运行参数配置表', 'Centre reads operating parameters'],
  [0x44, '查询水泵电机实时工作数据', 'Query pump motor real-time data'],
  [0x45, '查询遥测终端软件版本', 'Query terminal software version'],
  [0x46, '查询遥测站状态和报警信息', 'Query station status and alarms'],
  [0x47, '初始化固态存储数据', 'Initialise solid-state storage'],
  [0x48, '恢复终端出厂设置', 'Restore terminal factory settings'],
  [0x49, '修改密码', 'Change password'],
  [0x4a, '设置遥测站时钟', 'Set station clock'],
  [0x4b, '设置遥测终端IC卡状态', 'Set terminal IC card state'],
  [0x4c, '控制水泵开关命令', 'Pump on/off command'],
  [0x4d, '控制阀门开关命令', 'Valve open/close command'],
  [0x4e, '控制闸门开关命令', 'Gate open/close command'],
  [0x4f, '水量定值控制命令', 'Water quota control command'],
  [0x50, '中心站查询遥测站事件记录', 'Centre queries event log'],
  [0x51, '中心站查询遥测站时钟', 'Centre queries station clock'],
];

export const sl651FunctionNames: Readonly<Record<number, string>> = Object.fromEntries(
  sl651Functions.map(([code, name]) => [code, name]),
);

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
