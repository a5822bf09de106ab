import type { DiagnosticSession, Equipment, Permit, Site, WaterUser } from '../domain/index';
import { addDays } from '../health/days';
import { json, worstSeverity, type Finding, type FindingCode, type SiteFindings } from './findings';

/** A serial number read off a meter or RTU on site (nameplate, or the device's own answer). */
export type SerialObservation = {
  readonly equipmentId: string;
  readonly serialNumber: string;
  readonly at: number;
};

export type RelationInput = {
  readonly sites: readonly Site[];
  readonly waterUsers: readonly WaterUser[];
  readonly permits: readonly Permit[];
  readonly equipment: readonly Equipment[];
  readonly observations?: readonly SerialObservation[];
  /**
   * Whether a position lies in a division: true/false, or null when the division's geometry is not
   * known on this device (then no finding).
   */
  readonly divisionContains?: (
    divisionCode: string,
    position: { lat: number; lng: number },
  ) => boolean | null;
  /**
   * Findings of the spatial layers for a site (shared/verdicts/spatial.ts: protection zone, river
   * reach), joined to the site's relation findings; absent when no layer is known.
   */
  readonly spatialFindings?: (site: Site) => readonly Finding[];
  /** Today (Shanghai): permits valid to an earlier day are expired. */
  readonly today: string;
  /** Permits ending within this many days are flagged `permit-expiring` (info). Default 60. */
  readonly expiringWithinDays?: number;
};

/** Indexes over the registry so one site is checked in constant time. */
export type RelationIndex = {
  readonly input: RelationInput;
  readonly users: ReadonlyMap<string, WaterUser>;
  readonly permits: ReadonlyMap<string, Permit>;
  readonly permitsByHolder: ReadonlyMap<string, readonly Permit[]>;
  readonly equipmentBySite: ReadonlyMap<string, readonly Equipment[]>;
  readonly sitesByCode: ReadonlyMap<string, readonly Site[]>;
  readonly latestObservation: ReadonlyMap<string, SerialObservation>;
};

function group<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list === undefined) {
      out.set(k, [item]);
    } else {
      list.push(item);
    }
  }
  return out;
}

export function buildRelationIndex(input: RelationInput): RelationIndex {
  const latestObservation = new Map<string, SerialObservation>();
  for (const o of input.observations ?? []) {
    const seen = latestObservation.get(o.equipmentId);
    if (seen === undefined || o.at > seen.at) {
      latestObservation.set(o.equipmentId, o);
    }
  }
  return {
    input,
    users: new Map(input.waterUsers.map((u) => [u.id, u])),
    permits: new Map(input.permits.map((p) => [p.id, p])),
    permitsByHolder: group(input.permits, (p) => p.holderId),
    equipmentBySite: group(input.equipment, (e) => e.siteId),
    sitesByCode: group(
      input.sites.filter((s) => s.status !== 'decommissioned'),
      (s) => s.code,
    ),
    latestObservation,
  };
}

/** Decoded values a diagnostic session may carry the device's serial number under. */
export const serialValueNames = ['serialNumber', 'meterSerial'] as const;

/** The serial numbers diagnostic sessions read from equipment (value `serialNumber`). */
export function serialObservationsFromSessions(sessions: readonly DiagnosticSession[]): SerialObservation[] {
  const out: SerialObservation[] = [];
  for (const s of sessions) {
    if (s.equipmentId === null) {
      continue;
    }
    for (const v of s.values) {
      if (
        (serialValueNames as readonly string[]).includes(v.name) &&
        typeof v.value === 'string' &&
        v.value
      ) {
        out.push({ equipmentId: s.equipmentId, serialNumber: v.value.trim(), at: s.startedAt });
      }
    }
  }
  return out;
}

/** 户、站、点、证: every relation of one site with the registry, as findings with suggested corrections. */
export function checkSite(site: Site, index: RelationIndex): SiteFindings {
  const findings: Finding[] = [];
  const add = (
    code: FindingCode,
    severity: Finding['severity'],
    params: Finding['params'],
    suggestion: Finding['suggestion'],
  ) => findings.push({ code, severity, siteId: site.id, params, suggestion });
  const siteField = (
    field: string,
    current: unknown,
    proposed: unknown,
    reason: string,
    code: FindingCode,
  ) => ({
    targetCollection: 'sites' as const,
    targetId: site.id,
    field,
    currentValueJson: json(current),
    proposedValueJson: json(proposed),
    reason,
    findingCode: code,
    needsValue: proposed === null || proposed === undefined,
  });
  const { input } = index;

  const sameCode = index.sitesByCode.get(site.code) ?? [];
  if (site.status !== 'decommissioned' && sameCode.length > 1) {
    const others = sameCode.filter((s) => s.id !== site.id).map((s) => s.name);
    add(
      'duplicate-site-code',
      'error',
      { code: site.code, others: others.join('、') },
      siteField(
        'code',
        site.code,
        null,
        `测站编码 ${site.code} 与 ${others.join('、')} 重复，请核对现场标识牌`,
        'duplicate-site-code',
      ),
    );
  }

  const inside = input.divisionContains?.(site.divisionCode, site.position) ?? null;
  if (inside === false) {
    add(
      'position-outside-division',
      'error',
      { divisionCode: site.divisionCode, latitude: site.position.lat, longitude: site.position.lng },
      siteField(
        'position',
        site.position,
        null,
        `登记坐标不在行政区划 ${site.divisionCode} 内，请在现场用 GNSS 重新测定`,
        'position-outside-division',
      ),
    );
  }

  findings.push(...(input.spatialFindings?.(site) ?? []));

  if (site.kind === 'intake') {
    checkWaterUserAndPermit(site, index, add, siteField);
  }

  for (const eq of index.equipmentBySite.get(site.id) ?? []) {
    const equipmentField = (
      field: string,
      current: unknown,
      proposed: unknown,
      reason: string,
      code: FindingCode,
    ) => ({
      targetCollection: 'equipment' as const,
      targetId: eq.id,
      field,
      currentValueJson: json(current),
      proposedValueJson: json(proposed),
      reason,
      findingCode: code,
      needsValue: proposed === null,
    });
    if (eq.protocol === null && (eq.role === 'rtu' || eq.role === 'meter' || eq.role === 'analyser')) {
      add(
        'equipment-protocol-unknown',
        'warning',
        { equipmentId: eq.id, model: eq.model ?? '—' },
        equipmentField(
          'protocol',
          null,
          null,
          `${eq.model ?? eq.id} 的通信规约未登记，请现场诊断确认`,
          'equipment-protocol-unknown',
        ),
      );
    }
    const seen = index.latestObservation.get(eq.id);
    if (seen !== undefined && eq.serialNumber !== null && seen.serialNumber !== eq.serialNumber) {
      add(
        'meter-serial-mismatch',
        'warning',
        { equipmentId: eq.id, registry: eq.serialNumber, seen: seen.serialNumber, at: seen.at },
        equipmentField(
          'serialNumber',
          eq.serialNumber,
          seen.serialNumber,
          `现场读取的序列号 ${seen.serialNumber} 与台账 ${eq.serialNumber} 不一致`,
          'meter-serial-mismatch',
        ),
      );
    }
  }
  return { siteId: site.id, findings, worst: worstSeverity(findings) };
}

type Add = (
  code: FindingCode,
  severity: Finding['severity'],
  params: Finding['params'],
  suggestion: Finding['suggestion'],
) => void;
type SiteField = (
  field: string,
  current: unknown,
  proposed: unknown,
  reason: string,
  code: FindingCode,
) => NonNullable<Finding['suggestion']>;

function checkWaterUserAndPermit(site: Site, index: RelationIndex, add: Add, siteField: SiteField): void {
  const { input } = index;
  if (site.waterUserId === null) {
    add(
      'site-without-water-user',
      'error',
      {},
      siteField(
        'waterUserId',
        null,
        null,
        '取水口未关联取用水户，请现场核实取水单位',
        'site-without-water-user',
      ),
    );
    return;
  }
  const user = index.users.get(site.waterUserId);
  if (user === undefined) {
    add(
      'water-user-unknown',
      'error',
      { waterUserId: site.waterUserId },
      siteField(
        'waterUserId',
        site.waterUserId,
        null,
        `关联的取用水户 ${site.waterUserId} 不在台账中`,
        'water-user-unknown',
      ),
    );
    return;
  }
  const held = index.permitsByHolder.get(user.id) ?? [];
  if (held.length === 0) {
    add(
      'user-without-permit',
      'error',
      { user: user.name },
      siteField(
        'permitId',
        site.permitId,
        null,
        `取用水户 ${user.name} 无取水许可证，请核实许可证编号`,
        'user-without-permit',
      ),
    );
    return;
  }
  const covering = held.filter((p) => p.waterSource === site.waterSource);
  if (site.permitId === null) {
    const only = covering.length === 1 ? covering[0] : held.length === 1 ? held[0] : undefined;
    add(
      'site-without-permit',
      'warning',
      { user: user.name, permits: held.map((p) => p.number).join('、') },
      siteField(
        'permitId',
        null,
        only?.id ?? null,
        `取水口未关联许可证；${user.name} 持有 ${held.map((p) => p.number).join('、')}`,
        'site-without-permit',
      ),
    );
    return;
  }
  const permit = index.permits.get(site.permitId);
  if (permit === undefined) {
    add(
      'permit-unknown',
      'error',
      { permitId: site.permitId },
      siteField(
        'permitId',
        site.permitId,
        covering[0]?.id ?? null,
        `关联的许可证 ${site.permitId} 不在台账中`,
        'permit-unknown',
      ),
    );
    return;
  }
  if (permit.holderId !== user.id) {
    add(
      'permit-holder-mismatch',
      'error',
      { permit: permit.number, holder: permit.holderName, user: user.name },
      siteField(
        'permitId',
        permit.id,
        covering[0]?.id ?? null,
        `许可证 ${permit.number} 持证人为 ${permit.holderName}，不是 ${user.name}`,
        'permit-holder-mismatch',
      ),
    );
  }
  if (permit.validTo < input.today) {
    add(
      'permit-expired',
      'error',
      { permit: permit.number, validTo: permit.validTo },
      {
        targetCollection: 'permits',
        targetId: permit.id,
        field: 'validTo',
        currentValueJson: json(permit.validTo),
        proposedValueJson: json(null),
        reason: `许可证 ${permit.number} 已于 ${permit.validTo} 到期，请核实延续或重新发证情况`,
        findingCode: 'permit-expired',
        needsValue: true,
      },
    );
  } else if (permit.validTo <= addDays(input.today, input.expiringWithinDays ?? 60)) {
    add('permit-expiring', 'info', { permit: permit.number, validTo: permit.validTo }, null);
  }
  if (site.waterSource !== null && permit.waterSource !== site.waterSource) {
    add(
      'permit-source-mismatch',
      'warning',
      { permit: permit.number, permitSource: permit.waterSource, siteSource: site.waterSource },
      siteField(
        'waterSource',
        site.waterSource,
        permit.waterSource,
        `许可证 ${permit.number} 许可水源为 ${permit.waterSource}，站点登记水源为 ${site.waterSource}`,
        'permit-source-mismatch',
      ),
    );
  }
}

/** Every site's findings (sites without findings included, with an empty list). */
export function checkRelations(input: RelationInput): SiteFindings[] {
  const index = buildRelationIndex(input);
  return input.sites.map((s) => checkSite(s, index));
}
