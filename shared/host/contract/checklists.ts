import { z } from 'zod';
import type { ChecklistConfig } from '../../patrol/checklist';
import { method } from './define';

/**
 * Patrol checklists per site kind, read by the host from `resources/checklists/*.json` (editable by a
 * province without a release). Files that fail validation are reported by name, not silently dropped.
 */
export type ChecklistList = {
  readonly checklists: readonly ChecklistConfig[];
  readonly problems: readonly { readonly file: string; readonly message: string }[];
};

export const checklistsMethods = {
  'checklists.list': method<ChecklistList>()(z.object({}).strict()),
};

export const checklistsEvents = {};
