// Runs before anything formats a number or a date (a classic script, loaded first): when the
// browser's language tag is one the Intl API refuses, the page uses a safe one instead.
// WebKitGTK on a machine whose locale is POSIX "C" reports navigator.language "C"; uPlot
// calls `new Intl.NumberFormat(navigator.language)` as it loads and throws
// "RangeError: invalid language tag: C", which took the whole page down. Libraries read the
// tag from navigator, so the safe tag is set there (an own property shadowing the getter).
(function () {
  'use strict';
  const FALLBACK = 'en-US';

  function accepted(tag) {
    try {
      new Intl.NumberFormat(tag);
      new Intl.DateTimeFormat(tag);
      return typeof tag === 'string' && tag !== '';
    } catch {
      return false;
    }
  }

  const nav = globalThis.navigator;
  if (!nav || accepted(nav.language)) return;
  const languages = Array.from(nav.languages ?? []).filter(accepted);
  const safe = languages[0] ?? FALLBACK;
  try {
    Object.defineProperty(nav, 'language', { value: safe, configurable: true });
    Object.defineProperty(nav, 'languages', { value: Object.freeze(languages.length ? languages : [safe]), configurable: true });
  } catch {
    // A browser that refuses the own property keeps its tag; the views' guards then contain
    // the failure to the views that format numbers.
  }
}());
