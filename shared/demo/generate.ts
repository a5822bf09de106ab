import type {
  DiagnosticSession,
  DivisionCode,
  Equipment,
  Permit,
  SerialSettings,
  Site,
  SiteHealth,
  SiteKind,
  WaterUser,
  Wgs84Position,
} from '../domain/index';
import { addDays, dayStart, type IsoDay } from '../health/days';
import { demoCountyAreas, type DemoCountyArea } from './geography';
import { demoSiteHealth, profileWeights, type HistoryProfile } from './history';
import { createRandom, type Random } from './random';
import { demoProvinceCode, demoProvinceName } from './yunnan';
import { szy206AddressText } from '../monitoring/station-address';
import { addMonths, demoCalibrationPolicy } from '../verdicts/calibration';

export type DemoOptions = {
  /** Same seed and end day → the same province, record for record. */
  readonly seed?: number;
  /** Number of sites (≥ 1); the default is 5,200. */
  readonly sites?: number;
  /** Last day of the 90-day reporting history (Shanghai), usually yesterday. */
  readonly endDay: string;
};

export type DemoProvince = {
  readonly province: { readonly code: string; readonly name: string };
  readonly counties: readonly DemoCountyArea[];
  readonly endDay: string;
  readonly waterUsers: readonly WaterUser[];
  readonly permits: readonly Permit[];
  readonly sites: readonly Site[];
  readonly equipment: readonly Equipment[];
  readonly siteHealth: readonly SiteHealth[];
  /** Sessions from earlier visits (some saw a meter serial other than the registry's). */
  readonly diagnosticSessions: readonly DiagnosticSession[];
  /** How each site's history was drawn (for tests and benchmarks; not stored). */
  readonly profiles: ReadonlyMap<string, HistoryProfile>;
};

export const defaultDemoSeed = 20_161_101;
export const defaultDemoSiteCount = 5_200;

/** Realistic proportions: intake points dominate; a province has few source stations and sections. */
const kindWeights: readonly (readonly [SiteKind, number])[] = [
  ['intake', 0.94],
  ['source_quality', 0.04],
  ['boundary_section', 0.02],
];
const elementsByKind: Record<SiteKind, string[]> = {
  intake: ['flow', 'volume'],
  source_quality: ['ph', 'do', 'codmn', 'nh3n', 'tp'],
  boundary_section: ['level', 'flow'],
};
const intervalByKind: Record<SiteKind, number> = { intake: 60, source_quality: 240, boundary_section: 60 };
const boundaryRivers = ['金沙江', '南盘江', '红河', '澜沧江', '怒江', '北盘江', '赤水河', '横江'];
const userKinds = [
  ['enterprise', 0.55, '示范企业'],
  ['waterworks', 0.2, '示范水厂'],
  ['irrigation_district', 0.15, '示范灌区'],
  ['public_institution', 0.07, '示范单位'],
  ['other', 0.03, '示范取水户'],
] as const;
const serialChoices: readonly (readonly [SerialSettings, number])[] = [
  [{ baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 }, 0.7],
  [{ baudRate: 4800, dataBits: 8, parity: 'even', stopBits: 1 }, 0.1],
  [{ baudRate: 2400, dataBits: 8, parity: 'none', stopBits: 1 }, 0.08],
  [{ baudRate: 19200, dataBits: 8, parity: 'none', stopBits: 1 }, 0.07],
  [{ baudRate: 9600, dataBits: 8, parity: 'even', stopBits: 1 }, 0.05],
];
// Upper-case letters allowed in a unified social credit code (no I, O, S, V, Z).
const creditChars = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const asDivision = (code: string) => code as DivisionCode;
const asPosition = (lat: number, lng: number) =>
  ({ lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 }) as Wgs84Position;

/**
 * A deterministic demo province (Yunnan's real county codes; made-up users, permits and sites —
 * every name carries 示范 and no real person or company). Some of it is wrong on purpose, so the
 * health metrics and the 户站点证 relation checks have something to find.
 */
export function generateDemoProvince(options: DemoOptions): DemoProvince {
  const seed = options.seed ?? defaultDemoSeed;
  const siteCount = Math.max(1, Math.floor(options.sites ?? defaultDemoSiteCount));
  const endDay = options.endDay;
  const updatedAt = dayStart(addDays(endDay, 1));
  const root = createRandom(seed);
  const counties = demoCountyAreas();
  const countyWeights = counties.map((c) => [c, root.fork(`w${c.code}`).between(0.3, 2)] as const);

  const waterUsers: WaterUser[] = [];
  const permits: Permit[] = [];
  const sites: Site[] = [];
  const equipment: Equipment[] = [];
  const siteHealth: SiteHealth[] = [];
  const diagnosticSessions: DiagnosticSession[] = [];
  const profiles = new Map<string, HistoryProfile>();
  const usersByCounty = new Map<string, WaterUser[]>();
  const permitsByUser = new Map<string, Permit[]>();
  const sourcesByCounty = new Map<string, string[]>();
  const codesUsed: string[] = [];
  const seqByCountyKind = new Map<string, number>();

  const sourcesOf = (county: DemoCountyArea, random: Random) => {
    let list = sourcesByCounty.get(county.code);
    if (list === undefined) {
      const n = random.int(3, 6);
      list = Array.from({ length: n }, (_, i) =>
        i % 3 === 2 ? `${county.shortName}示范${i + 1}号井` : `${county.shortName}示范${i + 1}号水库`,
      );
      sourcesByCounty.set(county.code, list);
    }
    return list;
  };

  const newUser = (county: DemoCountyArea, random: Random): WaterUser => {
    const seq = waterUsers.length + 1;
    const [kind, , word] = random.weighted(userKinds.map((k) => [k, k[1]] as const));
    const credit =
      kind === 'irrigation_district' || random.chance(0.05)
        ? null
        : `91${county.code}${Array.from({ length: 10 }, () => random.pick([...creditChars])).join('')}`;
    const user: WaterUser = {
      id: `wu-${pad(seq, 6)}`,
      name: `${county.shortName}${word}${pad(seq, 4)}号`,
      creditCode: credit,
      kind,
      divisionCode: asDivision(county.code),
      address: `${county.name}示范路${random.int(1, 300)}号`,
      contactName: `联系人${pad(seq, 5)}`,
      contactPhone: `1380000${pad(random.int(0, 9999), 4)}`,
      updatedAt,
    };
    waterUsers.push(user);
    usersByCounty.set(county.code, [...(usersByCounty.get(county.code) ?? []), user]);
    // Permits: most users one, some two, a few none (户 without 证).
    const permitCount = random.weighted([
      [1, 0.85],
      [2, 0.1],
      [0, 0.05],
    ] as const);
    const sources = sourcesOf(county, random);
    const list: Permit[] = [];
    for (let p = 0; p < permitCount; p += 1) {
      const year = random.int(2016, Math.min(2024, Number(endDay.slice(0, 4)) - 3));
      const state = random.weighted([
        ['valid', 0.92],
        ['expired', 0.06],
        ['expiring', 0.02],
      ] as const);
      const endYear = Number(endDay.slice(0, 4));
      const validTo =
        state === 'expired'
          ? addDays(endDay, -random.int(5, 700))
          : state === 'expiring'
            ? addDays(endDay, random.int(1, 55))
            : `${endYear + random.int(1, 5)}-12-31`;
      const waterSource = random.pick(sources);
      const permit: Permit = {
        id: `pm-${pad(permits.length + 1, 6)}`,
        number: `D${county.code}${waterSource.endsWith('井') ? 'G' : 'S'}${year}-${pad(permits.length + 1, 5)}`,
        holderId: user.id,
        holderName: user.name,
        waterSource,
        waterSourceKind: waterSource.endsWith('井') ? 'groundwater' : 'surface',
        annualQuantityM3: random.int(5, 2000) * 1000,
        validFrom: `${year}-01-01`,
        validTo,
        divisionCode: asDivision(county.code),
        updatedAt,
      };
      permits.push(permit);
      list.push(permit);
    }
    permitsByUser.set(user.id, list);
    return user;
  };

  for (let i = 0; i < siteCount; i += 1) {
    const random = root.fork(`site${i}`);
    const county = random.weighted(countyWeights);
    const kind = random.weighted(kindWeights);
    const seqKey = `${county.code}${kind}`;
    const seq = (seqByCountyKind.get(seqKey) ?? 0) + 1;
    seqByCountyKind.set(seqKey, seq);
    const id = `site-${pad(i + 1, 6)}`;
    let code = `${county.code}${kind === 'intake' ? 1 : kind === 'source_quality' ? 2 : 3}${pad(seq, 4)}`;
    if (codesUsed.length > 50 && random.chance(0.002)) {
      code = random.pick(codesUsed); // registry typo: two sites under one code
    }
    codesUsed.push(code);

    let position = asPosition(
      county.centre.lat + random.between(-0.14, 0.14),
      county.centre.lng + random.between(-0.14, 0.14),
    );
    if (random.chance(0.005)) {
      // Mis-entered coordinates: a degree off, outside the county.
      position = asPosition(position.lat + random.pick([-1.1, 1.1]), position.lng);
    }

    let waterUserId: string | null = null;
    let permitId: string | null = null;
    let waterSource: string | null;
    let name: string;
    if (kind === 'intake') {
      const known = usersByCounty.get(county.code) ?? [];
      const user = known.length > 0 && random.chance(0.55) ? random.pick(known) : newUser(county, random);
      const userPermits = permitsByUser.get(user.id) ?? [];
      const permit = userPermits.length > 0 ? random.pick(userPermits) : null;
      waterSource = permit?.waterSource ?? random.pick(sourcesOf(county, random));
      if (permit !== null && random.chance(0.02)) {
        // The site draws from a source the permit does not cover.
        waterSource = random.pick(
          sourcesOf(county, random)
            .filter((s) => s !== permit.waterSource)
            .concat(['示范河']),
        );
      }
      waterUserId = random.chance(0.015) ? null : random.chance(0.003) ? `wu-missing-${i}` : user.id;
      permitId = permit === null || random.chance(0.03) ? null : permit.id;
      name = `${user.name}${seq % 3 === 0 ? '二号' : ''}取水口`;
    } else if (kind === 'source_quality') {
      waterSource = random.pick(sourcesOf(county, random));
      name = `${waterSource}水源地水质自动监测站`;
    } else {
      waterSource = random.pick(boundaryRivers);
      name = `${waterSource}${county.shortName}示范省界断面${pad(seq, 2)}`;
    }
    const registeredOn = random.chance(0.02)
      ? addDays(endDay, -random.int(1, 80)) // added mid-window
      : `${random.int(2016, 2023)}-${pad(random.int(1, 12), 2)}-${pad(random.int(1, 28), 2)}`;
    const site: Site = {
      id,
      code,
      name,
      kind,
      divisionCode: asDivision(county.code),
      position,
      waterUserId,
      permitId,
      waterSource,
      reportIntervalMinutes: intervalByKind[kind],
      allowedDelayMinutes: null,
      elements: elementsByKind[kind],
      station: null,
      instrumentRanges: [],
      targets: null,
      status: random.weighted([
        ['active', 0.993],
        ['suspended', 0.005],
        ['decommissioned', 0.002],
      ] as const),
      registeredOn,
      updatedAt,
    };
    const siteEq = siteEquipment(site, county, i, random, updatedAt).map((eq) =>
      commissioned(eq, endDay, root.fork(`commissioned-${eq.id}`)),
    );
    sites.push({ ...site, station: stationOf(siteEq) });
    equipment.push(...siteEq);
    const profile = random.weighted(profileWeights);
    profiles.set(id, profile);
    siteHealth.push(demoSiteHealth(site, profile, endDay, random.fork('history'), updatedAt));
  }

  // Earlier diagnostic visits: the serial read from the meter, sometimes not the registry's.
  const sessionRandom = root.fork('sessions');
  for (const eq of equipment) {
    if (eq.role !== 'meter' || eq.serialNumber === null || !sessionRandom.chance(0.03)) {
      continue;
    }
    const startedAt =
      dayStart(addDays(endDay, -sessionRandom.int(1, 80))) + sessionRandom.int(1, 8) * 3_600_000;
    const seen = sessionRandom.chance(0.3)
      ? `SN${pad(sessionRandom.int(0, 99_999_999), 8)}`
      : eq.serialNumber;
    diagnosticSessions.push(demoSession(eq, seen, startedAt, diagnosticSessions.length + 1));
  }

  return {
    province: { code: demoProvinceCode, name: demoProvinceName },
    counties,
    endDay,
    waterUsers,
    permits,
    sites,
    equipment,
    siteHealth,
    diagnosticSessions,
    profiles,
  };
}

/** The registry's station of a site: its RTU's or analyser's protocol and address (none if unknown). */
function stationOf(equipment: readonly Equipment[]): Site['station'] {
  for (const eq of equipment) {
    if ((eq.protocol === 'szy206-2016' || eq.protocol === 'sl427-2021') && eq.rtuAddress !== null) {
      return {
        protocol: eq.protocol,
        address: szy206AddressText(eq.rtuAddress.division, eq.rtuAddress.station),
      };
    }
    if (eq.protocol === 'sl651-2014' && eq.stationCode !== null) {
      return { protocol: eq.protocol, address: eq.stationCode };
    }
    if (eq.protocol === 'hj212-2017' && eq.hj212Mn !== null) {
      return { protocol: eq.protocol, address: eq.hj212Mn.toUpperCase() };
    }
  }
  return null;
}

function siteEquipment(
  site: Site,
  county: DemoCountyArea,
  index: number,
  random: Random,
  updatedAt: number,
): Equipment[] {
  const base = {
    siteId: site.id,
    divisionCode: site.divisionCode,
    installedOn: site.registeredOn,
    updatedAt,
    rtuAddress: null,
    stationCode: null,
    hj212Mn: null,
    modbusUnitId: null,
    modbusProfile: null,
  };
  const serial = random.weighted(serialChoices);
  const unknownProtocol = random.chance(0.01);
  const n = pad(index + 1, 6);
  switch (site.kind) {
    case 'intake':
      return [
        {
          ...base,
          id: `eq-${n}-rtu`,
          role: 'rtu',
          manufacturer: '示范仪表',
          model: random.pick(['RTU-206', 'RTU-206B', 'WR-427']),
          serialNumber: `RT${n}`,
          protocol: unknownProtocol ? null : random.chance(0.85) ? 'szy206-2016' : 'sl427-2021',
          serial,
          rtuAddress: { division: county.code, station: random.int(1, 60_000) },
        },
        {
          ...base,
          id: `eq-${n}-meter`,
          role: 'meter',
          manufacturer: '示范流量计',
          model: random.pick(['EMF-100', 'UF-2000', 'EMF-300']),
          serialNumber: `SN${pad(random.int(0, 99_999_999), 8)}`,
          protocol: 'modbus-rtu',
          serial,
          modbusUnitId: random.int(1, 16),
        },
      ];
    case 'source_quality':
      return [
        {
          ...base,
          id: `eq-${n}-analyser`,
          role: 'analyser',
          manufacturer: '示范环境',
          model: random.pick(['WQ-5', 'WQ-9']),
          serialNumber: `AN${n}`,
          protocol: unknownProtocol ? null : 'hj212-2017',
          serial,
          hj212Mn: `${county.code}${pad(index + 1, 8)}00`,
        },
      ];
    case 'boundary_section':
      return [
        {
          ...base,
          id: `eq-${n}-rtu`,
          role: 'rtu',
          manufacturer: '示范水文',
          model: 'YAC-651',
          serialNumber: `HY${n}`,
          protocol: unknownProtocol ? null : 'sl651-2014',
          serial,
          stationCode: `00${county.code.slice(0, 2)}${pad(index % 1_000_000, 6)}`,
        },
        {
          ...base,
          id: `eq-${n}-level`,
          role: 'level_sensor',
          manufacturer: '示范水文',
          model: 'RLS-10',
          serialNumber: `LV${n}`,
          protocol: 'modbus-rtu',
          serial,
          modbusUnitId: 1,
        },
      ];
  }
}

function demoSession(eq: Equipment, seenSerial: string, startedAt: number, seq: number): DiagnosticSession {
  return {
    id: `ds-demo-${pad(seq, 5)}`,
    siteId: eq.siteId,
    divisionCode: eq.divisionCode,
    equipmentId: eq.id,
    patrolId: null,
    faultId: null,
    protocol: 'modbus-rtu',
    portPath: 'COM3',
    serial: eq.serial ?? { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 },
    startedAt,
    endedAt: startedAt + 6 * 60_000,
    frames: [],
    values: [{ name: 'serialNumber', value: seenSerial, unit: null }],
    verdicts: [],
    snapshotJson: null,
    summary: null,
    deviceId: 'demo-device',
    operatorId: 'demo-operator',
    recordedAt: startedAt,
    receivedAt: startedAt + 3_600_000,
  };
}

/**
 * The day an instrument was last commissioned (installed or replaced with a factory certificate). A
 * network keeps most instruments in date: about 85 % are well inside their interval, 10 % fall due
 * within the month and 5 % keep the site's registration day (mostly overdue) — so the demo's
 * calibration warnings pick out a few sites, as in a real province, rather than every one. Drawn from
 * a stream of its own, so the rest of the province stays as it was.
 */
function commissioned(eq: Equipment, endDay: IsoDay, random: Random): Equipment {
  const months = demoCalibrationPolicy.intervalMonths[eq.role];
  const roll = random.next();
  if (months === null || eq.installedOn === null || roll >= 0.95) {
    return eq;
  }
  const windowStart = addMonths(endDay, -months);
  const day =
    roll < 0.85
      ? addDays(windowStart, random.int(60, months * 30 - 30))
      : addDays(windowStart, random.int(6, 24));
  return { ...eq, installedOn: day > eq.installedOn ? day : eq.installedOn };
}
