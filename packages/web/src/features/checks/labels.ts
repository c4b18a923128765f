import type { ConflictSource, FairnessField } from '@jingzhun/domain';
import type { MessageKey } from '../../shared/i18n/I18nProvider.tsx';

/** Tag colours of how a relative was found: the cadre themselves is the gravest, then a registered relative. */
export const FOUND_COLORS: Record<ConflictSource, string> = { self: 'magenta', registered: 'red', same_household: 'orange' };

/** The label of a step's outcome in the procedures' messages, where it has one. */
export function outcomeKey(outcome: string | null): MessageKey | undefined {
  if (outcome === 'approved' || outcome === 'returned' || outcome === 'rejected' || outcome === 'cancelled') return `procedures.outcome.${outcome}`;
  return undefined;
}

/** The fields a fairness pair may differ in, in the order the pair's columns show them. */
export const FAIRNESS_ROWS: readonly FairnessField[] = ['status', 'monitoringCategory', 'benefits'];

