import type { Procedure } from './procedures';

/**
 * The demo province's operating procedures — examples written for the demo (marked `demo`), not an
 * operator's documents: a province replaces them with its own in its policy. Bilingual data, as the
 * checklists are.
 */
export const demoProcedures: Procedure[] = [
  {
    id: 'daily-intake',
    kind: 'daily',
    reference: 'DEMO-RW-01',
    title: {
      'zh-CN': '取用水户监测点日常巡检规程（演示）',
      'en-US': 'Water-intake point: daily patrol (demo)',
    },
    demo: true,
    siteKinds: ['intake'],
    equipmentModels: [],
    checklistItems: [
      'meter-vs-platform',
      'seal-intact',
      'power-battery',
      'antenna-signal',
      'enclosure-cabling',
    ],
    faultCategories: [],
    steps: [
      {
        'zh-CN': '到站签到后先看表箱外观：箱门是否锁好、铅封是否完整，拍照留存。',
        'en-US': 'After checking in, look at the meter box first: door locked and seal intact; take a photo.',
      },
      {
        'zh-CN': '读取计量设施累计流量，与平台最新数据比对；差值超过规定时记录读数并拍表盘照片。',
        'en-US':
          "Read the meter's cumulative volume and compare it with the platform's latest value; where they differ beyond the limit, record the reading and photograph the dial.",
      },
      {
        'zh-CN': '检查供电：市电指示、蓄电池电压（12 V 系统不低于 11.5 V）、太阳能板有无遮挡。',
        'en-US':
          'Check the power: mains indicator, battery voltage (no lower than 11.5 V on a 12 V system), solar panel unobstructed.',
      },
      {
        'zh-CN': '查看天线与信号强度，线缆有无破损、进水，接头是否紧固。',
        'en-US':
          'Check the antenna and signal strength, and the cables for damage or water; connectors tight.',
      },
      {
        'zh-CN':
          '发现铅封断开：不得自行恢复计量，记录不合格并说明情况，按故障处理规程报修，重新施封须拍照并登记铅封编号。',
        'en-US':
          'A cut seal: do not restore metering yourself; record the item as failed with what you saw, report a fault under the fault-handling procedure; a new seal is photographed and its number recorded.',
      },
    ],
  },
  {
    id: 'daily-rtu-clock',
    kind: 'daily',
    reference: 'DEMO-RW-02',
    title: {
      'zh-CN': 'RTU 时钟校对操作（RTU-206 系列，演示）',
      'en-US': 'RTU clock check (RTU-206 series, demo)',
    },
    demo: true,
    siteKinds: ['intake'],
    equipmentModels: ['RTU-206', 'RTU-206B'],
    checklistItems: ['rtu-clock'],
    faultCategories: [],
    steps: [
      {
        'zh-CN': '用串口线连接 RTU，在“诊断”页以 SZY206 规约读取终端时钟。',
        'en-US':
          'Connect the RTU with a serial cable and read its clock over SZY206 on the Diagnostics page.',
      },
      {
        'zh-CN': '与笔记本的北京时间比较，误差超过 60 秒时记录不合格，并下发校时命令。',
        'en-US':
          "Compare with the laptop's Beijing time; beyond 60 s, record the item as failed and send the set-clock command.",
      },
      {
        'zh-CN': '校时后再次读取，确认误差在 5 秒以内，保存诊断会话作为证据。',
        'en-US': 'Read again after setting: within 5 s; save the diagnostic session as evidence.',
      },
    ],
  },
  {
    id: 'daily-source-quality',
    kind: 'daily',
    reference: 'DEMO-RW-03',
    title: {
      'zh-CN': '水源地水质自动监测站日常运行规程（演示）',
      'en-US': 'Water-quality station: daily operation (demo)',
    },
    demo: true,
    siteKinds: ['source_quality'],
    equipmentModels: [],
    checklistItems: [
      'sampling-pump-pipes',
      'reagent-levels',
      'reagent-expiry',
      'analyser-calibration',
      'qc-check',
      'cleaning',
    ],
    faultCategories: [],
    steps: [
      {
        'zh-CN': '检查采水泵运行声音与出水，管路有无堵塞、渗漏。',
        'en-US': 'Listen to the sampling pump and check its flow; the pipes neither blocked nor leaking.',
      },
      {
        'zh-CN': '核对试剂余量与有效期，余量不足两周或过期的当场更换，并记录批号。',
        'en-US':
          'Check reagent levels and expiry; replace on the spot what lasts less than two weeks or has expired, and record the lot.',
      },
      {
        'zh-CN': '按周期做标样核查，相对误差超过 ±10% 时重新校准并记录。',
        'en-US':
          'Run the standard-sample check on schedule; beyond ±10 % relative error, calibrate again and record it.',
      },
      {
        'zh-CN': '清洗沉砂池、过滤器和测量池，清洗前后各拍一张照片。',
        'en-US': 'Clean the settling tank, filter and measuring cell; photograph each before and after.',
      },
    ],
  },
  {
    id: 'daily-boundary',
    kind: 'daily',
    reference: 'DEMO-RW-04',
    title: {
      'zh-CN': '省界断面监测站日常巡检规程（演示）',
      'en-US': 'Provincial-boundary section: daily patrol (demo)',
    },
    demo: true,
    siteKinds: ['boundary_section'],
    equipmentModels: [],
    checklistItems: ['level-gauge', 'level-sensor', 'flow-equipment', 'solar-power', 'antenna-signal'],
    faultCategories: [],
    steps: [
      {
        'zh-CN': '读取水尺读数，与水位计读数比较，差值超过 2 cm 时记录并拍照。',
        'en-US':
          'Read the staff gauge and compare it with the level sensor; beyond 2 cm, record and photograph.',
      },
      {
        'zh-CN': '清理水位计探头附近的漂浮物和淤积，检查测流设备安装是否松动。',
        'en-US':
          'Clear floating debris and silt around the level probe; check the flow equipment is firmly mounted.',
      },
      {
        'zh-CN': '检查太阳能板与蓄电池，清洁板面。',
        'en-US': 'Check the solar panel and battery; clean the panel.',
      },
    ],
  },
  {
    id: 'fault-communication',
    kind: 'fault',
    reference: 'DEMO-GZ-01',
    title: {
      'zh-CN': '通信中断、数据缺报故障处理规程（演示）',
      'en-US': 'Communication loss and missing data: fault handling (demo)',
    },
    demo: true,
    siteKinds: [],
    equipmentModels: [],
    checklistItems: ['antenna-signal'],
    faultCategories: ['communication', 'no_data'],
    steps: [
      {
        'zh-CN': '接单后在时限内响应，先远程查看平台最后一次收到数据的时间。',
        'en-US':
          'Respond within the deadline after accepting; first look up when the platform last received data.',
      },
      {
        'zh-CN': '到站后检查供电、天线、SIM 卡与流量，用诊断页读取 RTU 状态并保存会话。',
        'en-US':
          'On site, check power, antenna, SIM card and data plan; read the RTU status on the Diagnostics page and save the session.',
      },
      {
        'zh-CN': '更换的部件逐一登记（名称、数量、序列号）；修复后确认 RTU 有报文发出。',
        'en-US':
          'Record every part fitted (name, quantity, serial); after the repair, see the RTU send a frame.',
      },
      {
        'zh-CN': '中断期间缺报的数据从 RTU 补报，签字确认后提交主管审核。',
        'en-US': 'Backfill the missing reports from the RTU, sign, and submit for the supervisor to review.',
      },
    ],
  },
  {
    id: 'fault-metering',
    kind: 'fault',
    reference: 'DEMO-GZ-02',
    title: {
      'zh-CN': '计量设施损坏、数据异常故障处理规程（演示）',
      'en-US': 'Damaged meter and abnormal data: fault handling (demo)',
    },
    demo: true,
    siteKinds: ['intake'],
    equipmentModels: [],
    checklistItems: ['meter-vs-platform', 'seal-intact'],
    faultCategories: ['meter_damage', 'abnormal_data', 'other'],
    steps: [
      {
        'zh-CN': '到站先拍照固定现场：表箱、铅封、表盘读数。',
        'en-US': 'On arrival, photograph the scene as found: meter box, seal, dial reading.',
      },
      {
        'zh-CN': '铅封损坏或表计被改动的，通知取用水户到场确认并记录。',
        'en-US':
          'Where the seal is broken or the meter tampered with, ask the water user to witness it and record it.',
      },
      {
        'zh-CN': '更换表计时记录旧表末次累计读数与新表初始读数，均须拍照。',
        'en-US':
          "When replacing a meter, record the old meter's final and the new meter's initial cumulative readings, each with a photo.",
      },
      {
        'zh-CN': '重新施封并登记铅封编号，签字后提交主管审核。',
        'en-US': 'Seal again and record the seal number; sign and submit for review.',
      },
    ],
  },
  {
    id: 'fault-analyser',
    kind: 'fault',
    reference: 'DEMO-GZ-03',
    title: {
      'zh-CN': '水质分析仪故障处理（WQ 系列，演示）',
      'en-US': 'Water-quality analyser fault (WQ series, demo)',
    },
    demo: true,
    siteKinds: ['source_quality'],
    equipmentModels: ['WQ-5', 'WQ-9'],
    checklistItems: ['analyser-calibration', 'qc-check'],
    faultCategories: ['analyser', 'abnormal_data', 'sensor_damage'],
    steps: [
      {
        'zh-CN': '读取分析仪报警代码，对照说明书判断故障部位。',
        'en-US': "Read the analyser's alarm code and find the failed part in the manual.",
      },
      {
        'zh-CN': '更换部件后做标样核查，合格后方可恢复上报。',
        'en-US': 'After replacing a part, pass a standard-sample check before reporting resumes.',
      },
    ],
  },
  {
    id: 'emergency',
    kind: 'emergency',
    reference: 'DEMO-YJ-01',
    title: {
      'zh-CN': '汛期、雷击、停电等突发情况应急处置规程（演示）',
      'en-US': 'Floods, lightning, power cuts: emergency response (demo)',
    },
    demo: true,
    siteKinds: [],
    equipmentModels: [],
    checklistItems: [],
    faultCategories: [],
    steps: [
      {
        'zh-CN': '人身安全第一：雷雨、洪水期间不进入站房和河道，等待险情解除。',
        'en-US':
          'Safety first: keep out of the station house and the river in thunderstorms and floods until the danger has passed.',
      },
      {
        'zh-CN': '立即电话报告主管，并在应用中按“紧急”级别登记故障。',
        'en-US': 'Phone the supervisor at once and open a fault of critical severity in the app.',
      },
      {
        'zh-CN': '险情解除后检查设备受损情况，优先恢复供电和通信，逐项拍照记录。',
        'en-US':
          'Once safe, check the equipment for damage, restore power and communication first, photographing each step.',
      },
    ],
  },
];
