/** A place as the phone reported it. */
export interface FieldLocation {
  latitude: number;
  longitude: number;
  accuracy?: number;
}

/** What was typed into a visit form and not yet sent, kept per household for this browser tab. */
export interface VisitDraft {
  visitedOn: string;
  seen: string;
  problems: string;
  agreed: string;
  photos: Array<{ key: string; url: string }>;
  location: FieldLocation | null;
  savedAt: string;
}

const key = (householdId: string) => `jingzhun.field.visitDraft.${householdId}`;

/** The unsent draft of a household's visit, if any. */
export function loadDraft(householdId: string): VisitDraft | null {
  try {
    const raw = sessionStorage.getItem(key(householdId));
    if (!raw) return null;
    const draft = JSON.parse(raw) as Partial<VisitDraft>;
    if (typeof draft.visitedOn !== 'string' || typeof draft.savedAt !== 'string') return null;
    return {
      visitedOn: draft.visitedOn,
      seen: typeof draft.seen === 'string' ? draft.seen : '',
      problems: typeof draft.problems === 'string' ? draft.problems : '',
      agreed: typeof draft.agreed === 'string' ? draft.agreed : '',
      photos: Array.isArray(draft.photos) ? draft.photos.filter((p) => typeof p?.key === 'string' && typeof p.url === 'string') : [],
      location: draft.location && typeof draft.location.latitude === 'number' && typeof draft.location.longitude === 'number' ? draft.location : null,
      savedAt: draft.savedAt,
    };
  } catch {
    return null;
  }
}

/** Keeps a draft until it is sent (a village's network may drop between typing and sending). */
export function saveDraft(householdId: string, draft: VisitDraft): void {
  try {
    sessionStorage.setItem(key(householdId), JSON.stringify(draft));
  } catch {
    // Storage full or refused: the form still holds the text while the page is open.
  }
}

/** Forgets a household's draft once its visit is logged (or the helper starts over). */
export function clearDraft(householdId: string): void {
  try {
    sessionStorage.removeItem(key(householdId));
  } catch {
    // Nothing was stored.
  }
}
