/**
 * HJ 212-2017 code tables: water-quality factors (Table B.1, plus w01003 浊度 and w01016 叶绿素 that
 * platforms use de facto), system codes ST, command codes CN, data flags. Data, extensible per station.
 */
export type Hj212FactorInfo = {
  /** Table B.1 code (e.g. `w01018`): the factor's language-independent identity. */
  readonly code: string;
  readonly name: string;
  readonly nameEn: string;
  readonly unit: string;
  readonly format: string;
};

const factorRows: readonly [code: string, name: string, nameEn: string, unit: string, format: string][] = [
  ['w01001', 'pH值', 'pH', '无量纲', 'N2.2'],
  ['w01009', '溶解氧', 'Dissolved oxygen', 'mg/L', 'N3.1'],
  ['w01010', '水温', 'Water temperature', '°C', 'N3.1'],
  ['w01014', '电导率', 'Conductivity', 'µS/cm', 'N3.1'],
  ['w01019', '高锰酸盐指数', 'Permanganate index', 'mg/L', 'N3.1'],
  ['w21003', '氨氮', 'Ammonia nitrogen', 'mg/L', 'N4.2'],
  ['w21011', '总磷', 'Total phosphorus', 'mg/L', 'N3.2'],
  ['w21001', '总氮', 'Total nitrogen', 'mg/L', 'N4.2'],
  ['w01018', '化学需氧量', 'Chemical oxygen demand (COD)', 'mg/L', 'N5.1'],
  ['w01017', '五日生化需氧量', 'Five-day biochemical oxygen demand (BOD5)', 'mg/L', 'N5.1'],
  ['w01012', '悬浮物', 'Suspended solids', 'mg/L', 'N4'],
  ['w01020', '总有机碳', 'Total organic carbon', 'mg/L', 'N3.1'],
  ['w00000', '污水', 'Wastewater', 'L/s', 'N5.2'],
  ['w02003', '粪大肠菌群', 'Faecal coliforms', '个/L', 'N9'],
  ['w01003', '浊度', 'Turbidity', 'NTU', 'N3.1'],
  ['w01016', '叶绿素', 'Chlorophyll', 'µg/L', 'N3.1'],
];

/** Every factor of the table. */
export const hj212Factors: readonly Hj212FactorInfo[] = factorRows.map(
  ([code, name, nameEn, unit, format]) => ({
    code,
    name,
    nameEn,
    unit,
    format,
  }),
);

const factors = new Map(hj212Factors.map((f) => [f.code, f]));

export function hj212Factor(code: string): Hj212FactorInfo {
  return factors.get(code) ?? { code, name: '未知因子', nameEn: 'Unknown factor', unit: '', format: '' };
}

/** System codes ST. */
export const hj212Systems: readonly [code: string, name: string, nameEn: string][] = [
  ['21', '地表水质量监测', 'Surface water quality monitoring'],
  ['22', '空气质量监测', 'Air quality monitoring'],
  ['23', '声环境质量监测', 'Acoustic environment quality monitoring'],
  ['24', '地下水质量监测', 'Groundwater quality monitoring'],
  ['25', '土壤质量监测', 'Soil quality monitoring'],
  ['26', '海水质量监测', 'Seawater quality monitoring'],
  ['27', '挥发性有机物监测', 'Volatile organic compounds monitoring'],
  ['31', '大气环境污染源', 'Air pollution source'],
  ['32', '地表水体环境污染源', 'Surface water pollution source'],
  ['33', '地下水体环境污染源', 'Groundwater pollution source'],
  ['34', '海洋环境污染源', 'Marine pollution source'],
  ['35', '土壤环境污染源', 'Soil pollution source'],
  ['36', '声环境污染源', 'Noise pollution source'],
  ['37', '振动环境污染源', 'Vibration pollution source'],
  ['38', '放射性环境污染源', 'Radioactive pollution source'],
  ['39', '工地扬尘污染源', 'Construction site dust source'],
  ['41', '电磁环境污染源', 'Electromagnetic pollution source'],
  ['51', '烟气排放过程监控', 'Flue gas emission process monitoring'],
  ['52', '污水排放过程监控', 'Wastewater discharge process monitoring'],
  ['91', '系统交互', 'System interaction'],
];

export const hj212SystemNames: Readonly<Record<string, string>> = Object.fromEntries(
  hj212Systems.map(([code, name]) => [code, name]),
);

/** Command codes CN. */
export const hj212Commands: readonly [code: string, name: string, nameEn: string][] = [
  ['1000', '设置超时时间及重发次数', 'Set timeout and retry count'],
  ['1011', '提取现场机时间', 'Get field device time'],
  ['1012', '设置现场机时间', 'Set field device time'],
  ['1013', '现场机时间校准请求', 'Field device time calibration request'],
  ['1061', '提取实时数据间隔', 'Get real-time data interval'],
  ['1062', '设置实时数据间隔', 'Set real-time data interval'],
  ['1063', '提取分钟数据间隔', 'Get minute data interval'],
  ['1064', '设置分钟数据间隔', 'Set minute data interval'],
  ['1072', '设置现场机访问密码', 'Set field device password'],
  ['2011', '实时数据', 'Real-time data'],
  ['2012', '停止察看实时数据', 'Stop real-time data'],
  ['2021', '设备运行状态', 'Equipment running state'],
  ['2022', '停止察看设备运行状态', 'Stop equipment running state'],
  ['2031', '日数据', 'Daily data'],
  ['2041', '设备运行时间日数据', 'Equipment running time, daily'],
  ['2051', '分钟数据', 'Minute data'],
  ['2061', '小时数据', 'Hourly data'],
  ['2081', '数采仪开机时间', 'Data logger power-on time'],
  ['9011', '请求应答', 'Request answer'],
  ['9012', '执行结果', 'Execution result'],
  ['9013', '通知应答', 'Notification answer'],
  ['9014', '数据应答', 'Data answer'],
];

export const hj212CommandNames: Readonly<Record<string, string>> = Object.fromEntries(
  hj212Commands.map(([code, name]) => [code, name]),
);

/** Data flags (`xxx-Flag`). */
export const hj212Flags: readonly [code: string, name: string, nameEn: string][] = [
  ['N', '正常', 'Normal'],
  ['F', '停运', 'Stopped'],
  ['M', '维护', 'Maintenance'],
  ['S', '手工设定值', 'Manually set value'],
  ['D', '故障', 'Fault'],
  ['C', '校准', 'Calibration'],
  ['T', '超测量上限', 'Above measuring range'],
  ['B', '与数采仪通讯异常', 'Data logger communication fault'],
];

export const hj212DataFlags: Readonly<Record<string, string>> = Object.fromEntries(
  hj212Flags.map(([code, name]) => [code, name]),
);
