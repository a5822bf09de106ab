import { App } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { hasUnsavedInput } from './lib/drafts';

/**
 * Asks before leaving a page while a form on it holds unsaved input (the input is kept as a draft
 * either way). In-app navigation is a hash change: it is undone at once and redone if the crew
 * confirms. A reload or a closed window asks nothing — the draft survives them, and a `beforeunload`
 * prompt in Electron would silently keep the window from closing.
 */
export function LeaveGuard() {
  const { t } = useTranslation('patrols');
  const { modal } = App.useApp();
  useEffect(() => {
    let here = window.location.hash;
    let allowOnce = false;
    let asking = false;
    const onHashChange = (event: HashChangeEvent) => {
      const target = window.location.hash;
      if (allowOnce || asking || !hasUnsavedInput() || samePage(target, here)) {
        allowOnce = false;
        here = target;
        return;
      }
      const from = new URL(event.oldURL).hash;
      window.history.replaceState(window.history.state, '', from || here);
      asking = true;
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
    // Capture: before the router's listener, whose render would unmount this page (and its drafts'
    // dirty marks) in the microtask after it.
    window.addEventListener('hashchange', onHashChange, { capture: true });
    return () => window.removeEventListener('hashchange', onHashChange, { capture: true });
  }, [modal, t]);
  return null;
}

function samePage(a: string, b: string): boolean {
  return a.split('?')[0] === b.split('?')[0];
}
