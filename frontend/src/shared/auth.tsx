import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import { ApiError, api, setCsrfToken, type Language, type Me, type Role } from "./api/client";
import { useI18n } from "./i18n";

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

export function atLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

type Auth = {
  me: Me | null;
  loading: boolean;
  signIn: (username: string, password: string) => Promise<void>;
  signOut: () => Promise<void>;
  setLanguage: (language: Language) => Promise<void>;
};

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const { setLang } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);

  const adopt = useCallback(
    (user: Me | null) => {
      setMe(user);
      setCsrfToken(user?.csrf_token ?? null);
      if (user) setLang(user.language);
    },
    [setLang],
  );

  useEffect(() => {
    api
      .me()
      .then(adopt)
      .catch((error: unknown) => {
        if (!(error instanceof ApiError && error.status === 401)) console.warn(error);
        adopt(null);
      })
      .finally(() => setLoading(false));
  }, [adopt]);

  const value = useMemo<Auth>(
    () => ({
      me,
      loading,
      signIn: async (username, password) => {
        const answer = await api.login(username, password);
        adopt({ ...answer.user, csrf_token: answer.csrf_token });
      },
      signOut: async () => {
        try {
          await api.logout();
        } finally {
          adopt(null);
        }
      },
      setLanguage: async (language) => {
        setLang(language);
        const updated = await api.updateMe({ language });
        setMe((current) => (current ? { ...current, language: updated.language } : current));
      },
    }),
    [me, loading, adopt, setLang],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const context = useContext(AuthContext);
  if (!context) throw new Error("useAuth outside AuthProvider");
  return context;
}
