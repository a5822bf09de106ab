import { App } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { hasUnsavedInput } from './lib/drafts';

/**
 * Asks before leaving a page while a form on it holds unsaved input (the input is kept as a draft
 * either way). In-app navigation is a hash change: it is undone at once and redone if the crew
 * confirms. A reload or a closed window asks nothing — the draft survives them, and a `beforeunload`
 * prompt in Electron would silently keep the window from closing.
 *
 * The listener is installed when this module loads, so it runs before the router's (added later, by
 * a mounted component): the router's render would unmount the page — and its drafts' marks — in the
 * microtask right after its own listener.
 */
let ask: ((target: string) => void) | null = null;
let here = window.location.hash;
let allowOnce = false;
let asking = false;

function samePage(a: string, b: string): boolean {
  return a.split('?')[0] === b.split('?')[0];
}

window.addEventListener(
  'hashchange',
  (event: HashChangeEvent) => {
    const target = window.location.hash;
    const from = new URL(event.oldURL).hash;
    if (allowOnce || ask === null || !hasUnsavedInput() || samePage(target, from)) {
      allowOnce = false;
      here = target;
      return;
    }
    window.history.replaceState(window.history.state, '', from || here);
    if (!asking) {
      asking = true;
      ask(target);
    }
  },
  { capture: true },
);

/** Mount on a page with forms: it lends the page's modal to the module's listener. */
export function LeaveGuard() {
  const { t } = useTranslation('patrols');
  const { modal } = App.useApp();
  useEffect(() => {
    const own = (target: string) => {
      modal.confirm({
        title: t('drafts.leaveTitle'),
        content: t('drafts.leaveBody'),
        okText: t('drafts.leave'),
        cancelText: t('drafts.stay'),
        onOk: () => {
          asking = false;
          allowOnce = true;
          window.location.hash = target;
        },
        onCancel: () => {
          asking = false;
        },
      });
    };
    ask = own;
    return () => {
      if (ask === own) {
        ask = null;
      }
    };
  }, [modal, t]);
  return null;
}
