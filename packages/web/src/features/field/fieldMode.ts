import type { Me } from '../../shared/auth/session.ts';

/** Widths up to this are phones, where a helper starts in field mode. */
export const PHONE_MAX_WIDTH = 768;

const DESKTOP_CHOSEN = 'jingzhun.field.desktop';

// The sessions already sent to field mode: each sign-in (and each reload) yields a new `me` object, so
// a helper lands on /field once per sign-in and can then open the desktop home without being sent back.
const landed = new WeakSet<Me>();

function desktopChosen(me: Me): boolean {
  try {
    return sessionStorage.getItem(DESKTOP_CHOSEN) === me.id;
  } catch {
    return false;
  }
}

/**
 * Whether the home page should hand this user over to field mode now: a helper on a narrow screen who
 * has not yet landed there since signing in and has not chosen the desktop in this tab.
 */
export function sendToFieldMode(me: Me): boolean {
  if (me.role !== 'helper' || landed.has(me) || desktopChosen(me)) return false;
  return typeof window !== 'undefined' && window.matchMedia(`(max-width: ${PHONE_MAX_WIDTH}px)`).matches;
}

/** Notes that this sign-in has reached field mode (called by its layout once shown). */
export function markInFieldMode(me: Me): void {
  landed.add(me);
}

/** Remembers (for this tab) that the user left field mode for the desktop on purpose. */
export function chooseDesktop(me: Me): void {
  landed.add(me);
  try {
    sessionStorage.setItem(DESKTOP_CHOSEN, me.id);
  } catch {
    // Private mode may refuse storage; the choice then lasts until the next sign-in.
  }
}
