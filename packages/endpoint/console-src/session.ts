/**
 * Where the console keeps the key it holds, one rule for every key: this tab's session storage,
 * or this browser's local storage only when the person ticked "remember me on this device".
 * Never a cookie, never a URL.
 */
const SLOT = 'rescuekit:console';

export interface Saved {
  key: string;
  remember: boolean;
}

/** Storage can be switched off (a private window, a strict policy): the key then lives in memory only. */
function store(kind: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return window[kind];
  } catch {
    return undefined;
  }
}

export function loadKey(): Saved | undefined {
  const remembered = store('localStorage')?.getItem(SLOT);
  if (remembered) return { key: remembered, remember: true };
  const key = store('sessionStorage')?.getItem(SLOT);
  return key ? { key, remember: false } : undefined;
}

export function saveKey({ key, remember }: Saved): void {
  forgetKey();
  store(remember ? 'localStorage' : 'sessionStorage')?.setItem(SLOT, key);
}

export function forgetKey(): void {
  store('localStorage')?.removeItem(SLOT);
  store('sessionStorage')?.removeItem(SLOT);
}

/** What a pasted key looks like: a person's or a team's (the admin token stays out of browsers). */
export const isConsoleKey = (key: string): boolean => /^rk_(person|team)_[A-Za-z0-9_-]{16,}$/.test(key);
