import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { messages, type Messages } from './messages';
import { languages, type Language } from './define';
import { formatDate, formatDateTime } from './format';
import { setApiLanguage } from '../api/client';

const STORAGE_KEY = 'koto.language';

export interface I18n {
  lang: Language;
  setLang(lang: Language): void;
  t: Messages;
  formatDate: typeof formatDate;
  formatDateTime(value: string | Date | null | undefined): string;
  /** An organisation's name in the chosen language where the reference data has it. */
  nameOf(name: { fi: string; sv?: string } | undefined): string;
}

const I18nContext = createContext<I18n | null>(null);

function initialLanguage(): Language {
  const stored = typeof localStorage !== 'undefined' ? localStorage.getItem(STORAGE_KEY) : null;
  return (languages as readonly string[]).includes(stored ?? '') ? (stored as Language) : 'fi';
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const setLang = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLangState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang;
  }, [lang]);
  setApiLanguage(lang);
  const value = useMemo<I18n>(() => {
    const t = messages[lang];
    return {
      lang,
      setLang,
      t,
      formatDate,
      formatDateTime: (v) => formatDateTime(v, t.common.date.at),
      nameOf: (name) => (name ? (lang === 'sv' && name.sv ? name.sv : name.fi) : ''),
    };
  }, [lang, setLang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
