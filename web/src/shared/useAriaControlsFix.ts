import { useEffect } from 'react';

/**
 * Suomi.fi's SingleSelect (v18) points its input's `aria-controls` at its list even while the
 * list is closed and absent from the page, which breaks WCAG 4.1.2 (axe: aria-valid-attr-value,
 * critical), and can leave its combobox `aria-expanded` after a pick (aria-required-attr). Until the
 * component is fixed upstream, both follow whether the list is actually on the page.
 */
export function useAriaControlsFix(inputId: string): void {
  useEffect(() => {
    const listId = `${inputId}-popover`;
    const sync = () => {
      const input = document.getElementById(inputId);
      if (!input) return;
      const present = !!document.getElementById(listId);
      if (present && input.getAttribute('aria-controls') !== listId)
        input.setAttribute('aria-controls', listId);
      if (!present && input.hasAttribute('aria-controls')) input.removeAttribute('aria-controls');
      // The combobox says it is expanded exactly while its list is there (it may lag behind after a pick).
      const combobox = input.closest('[role="combobox"]');
      if (combobox && combobox.getAttribute('aria-expanded') !== String(present)) {
        combobox.setAttribute('aria-expanded', String(present));
      }
      if (combobox && present && combobox.getAttribute('aria-controls') !== listId) {
        combobox.setAttribute('aria-controls', listId);
      }
      if (combobox && !present && combobox.hasAttribute('aria-controls'))
        combobox.removeAttribute('aria-controls');
    };
    sync();
    const observer = new MutationObserver(sync);
    observer.observe(document.body, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: ['aria-controls', 'aria-expanded'],
    });
    return () => observer.disconnect();
  }, [inputId]);
}
