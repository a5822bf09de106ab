/**
 * HJ 212-2017 code tables: water-quality factors (Table B.1, plus w01003 浊度 and w01016 叶绿素 that
 * platforms use de facto), system codes ST, command codes CN, data flags. Data, extensible per station.
 */
export type Hj212FactorInfo = {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  readonly format: string;
};

const factorRows: readonly [string, string, string, string][] = [
  ['w01001', 'pH值', '无量纲', 'N2.2'],
  ['w01009', '溶解氧', 'mg/L', 'N3.1'],
  ['w01010', '水温', '°C', 'N3.1'],
  ['w01014', '电导率', 'µS/cm', 'N3.1'],
  ['w01019', '高锰酸盐指数', 'mg/L', 'N3.1'],
  ['w21003', '氨氮', 'mg/L', 'N4.2'],
  ['w21011', '总磷', 'mg/L', 'N3.2'],
  ['w21001', '总氮', 'mg/L', 'N4.2'],
  ['w01018', '化学需氧量', 'mg/L', 'N5.1'],
  ['w01017', '五日生化需氧量', 'mg/L', 'N5.1'],
  ['w01012', '悬浮物', 'mg/L', 'N4'],
  ['w01020', '总有机碳', 'mg/L', 'N3.1'],
  ['w00000', '污水', 'L/s', 'N5.2'],
  ['w02003', '粪大肠菌群', '个/L', 'N9'],
  ['w01003', '浊度', 'NTU', 'N3.1'],
  ['w01016', '叶绿素', 'µg/L', 'N3.1'],
];

const factors = new Map(factorRows.map(([code, name, unit, format]) => [code, { code, name, unit, format }]));

export function hj212Factor(code: string): Hj212FactorInfo {
  return factors.get(code) ?? { code, name: '未知因子', unit: '', format: '' };
}

export const hj212FactorCodes: readonly string[] = factorRows.map(([code]) => code);

export const hj212SystemNames: Readonly<Record<string, string>> = {
  '21': '地表水质量监测',
  '22': '空气质量监测',
  '23': '声环境质量监测',
  '24': '地下水质量监测',
  '25': '土壤质量监测',
  '26': '海水质量监测',
  '27': '挥发性有机物监测',
  '31': '大气环境污染源',
  '32': '地表水体环境污染源',
  '33': '地下水体环境污染源',
  '34': '海洋环境污染源',
  '35': '土壤环境污染源',
  '36': '声环境污染源',
  '37': '振动环境污染源',
  '38': '放射性环境污染源',
  '39': '工地扬尘污染源',
  '41': '电磁环境污染源',
  '51': '烟气排放过程监控',
  '52': '污水排放过程监控',
  '91': '系统交互',
};

export const hj212CommandNames: Readonly<Record<string, string>> = {
  '1000': '设置超时时间及重发次数',
  '1011': '提取现场机时间',
  '1012': '设置现场机时间',
  '1013': '现场机时间校准请求',
  '1061': '提取实时数据间隔',
  '1062': '设置实时数据间隔',
  '1063': '提取分钟数据间隔',
  '1064': '设置分钟数据间隔',
  '1072': '设置现场机访问密码',
  '2011': '实时数据',
  '2012': '停止察看实时数据',
  '2021': '设备运行状态',
  '2022': '停止察看设备运行状态',
  '2031': '日数据',
  '2041': '设备运行时间日数据',
  '2051': '分钟数据',
  '2061': '小时数据',
  '2081': '数采仪开机时间',
  '9011': '请求应答',
  '9012': '执行结果',
  '9013': '通知应答',
  '9014': '数据应答',
};

export const hj212DataFlags: Readonly<Record<string, string>> = {
  N: '正常',
  F: '停运',
  M: '维护',
  S: '手工设定值',
  D: '故障',
  C: '校准',
  T: '超测量上限',
  B: '与数采仪通讯异常',
};
