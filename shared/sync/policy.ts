import type { CollectionName } from '../domain/index';

export const roles = ['technician', 'supervisor', 'admin'] as const;
export type Role = (typeof roles)[number];

/**
 * Reference-record fields a technician may change from the field. Everything else in a reference
 * record is the platform's to set (its region, its identity, computed health, a task's assignment).
 * Supervisors and admins may change every field except `id` and the service-stamped ones.
 */
export const technicianEditableFields: { readonly [N in CollectionName]?: readonly string[] } = {
  sites: ['name', 'position', 'waterSource', 'elements', 'reportIntervalMinutes'],
  equipment: [
    'manufacturer',
    'model',
    'serialNumber',
    'protocol',
    'serial',
    'rtuAddress',
    'stationCode',
    'hj212Mn',
    'modbusUnitId',
    'modbusProfile',
    'installedOn',
  ],
  water_users: ['address', 'contactName', 'contactPhone'],
  tasks: ['status'],
};

/** Fields the service stamps on every write of a reference record. */
export const referenceStampedFields = ['updatedAt'] as const;

/** May this role change `field` of a record in `collection`? */
export function mayEdit(role: Role, collection: CollectionName, field: string): boolean {
  if (field === 'id' || (referenceStampedFields as readonly string[]).includes(field)) {
    return false;
  }
  if (role === 'supervisor' || role === 'admin') {
    return true;
  }
  return technicianEditableFields[collection]?.includes(field) ?? false;
}

/** Only the platform's own roles create or delete reference records. */
export function mayCreateReference(role: Role): boolean {
  return role === 'supervisor' || role === 'admin';
}

/** May an account with this scope see records of this division? (scope = division-code prefix) */
export function inScope(divisionCode: string, scope: string): boolean {
  return scope.length > 0 && divisionCode.startsWith(scope);
}
