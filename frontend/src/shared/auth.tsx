import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

import {
  api,
  onUnauthorized,
  setCsrfToken,
  type Language,
  type LoginAnswer,
  type Me,
  type Role,
  type SecondStep,
} from "./api/client";
import { useI18n } from "./i18n";

const RANK: Record<Role, number> = { agent: 1, supervisor: 2, admin: 3 };

export function atLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}

type Auth = {
  me: Me | null;
  loading: boolean;
  /** True after the user signed out here: the next sign-in starts at home, not at this user's last page. */
  signedOut: boolean;
  /** The password step: signed in (null), or the second step a code (or an enrollment) is owed for. */
  signIn: (username: string, password: string) => Promise<SecondStep | null>;
  /** Adopt a sign-in finished by its second step. */
  completeSignIn: (answer: LoginAnswer) => void;
  signOut: () => Promise<void>;
  /** Switches the UI at once and saves the choice on the server; switches back if saving fails. */
  setLanguage: (language: Language) => Promise<void>;
  updateProfile: (changes: { display_name?: string; language?: Language }) => Promise<void>;
};

const AuthContext = createContext<Auth | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const { setLang } = useI18n();
  const [me, setMe] = useState<Me | null>(null);
  const [loading, setLoading] = useState(true);
  const [signedOut, setSignedOut] = useState(false);

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
      .session()
      .then((session) => adopt(session.user))
      .catch((error: unknown) => {
        console.warn(error);
        adopt(null);
      })
      .finally(() => setLoading(false));
  }, [adopt]);

  // A session that ends elsewhere (expired, signed out in another tab, password reset) sends the user to sign in.
  useEffect(() => {
    onUnauthorized(() => adopt(null));
    return () => onUnauthorized(null);
  }, [adopt]);

  const updateProfile = useCallback(
    async (changes: { display_name?: string; language?: Language }) => {
      const updated = await api.updateMe(changes);
      setMe((current) =>
        current ? { ...current, display_name: updated.display_name, language: updated.language } : current,
      );
      setLang(updated.language);
    },
    [setLang],
  );

  const value = useMemo<Auth>(
    () => ({
      me,
      loading,
      signedOut,
      signIn: async (username, password) => {
        const step = await api.login(username, password);
        if ("second" in step) return step.second;
        setSignedOut(false);
        adopt({ ...step.done.user, csrf_token: step.done.csrf_token });
        return null;
      },
      completeSignIn: (answer) => {
        setSignedOut(false);
        adopt({ ...answer.user, csrf_token: answer.csrf_token });
      },
      signOut: async () => {
        try {
          await api.logout();
        } finally {
          setSignedOut(true);
          adopt(null);
        }
      },
      setLanguage: async (language) => {
        const previous = me?.language;
        setLang(language);
        try {
          await updateProfile({ language });
        } catch (error) {
          if (previous) setLang(previous);
          throw error;
        }
      },
      updateProfile,
    }),
    [me, loading, signedOut, adopt, setLang, updateProfile],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): Auth {
  const context = useContext(AuthContext);
  if (!context) throw new Error("useAuth outside AuthProvider");
  return context;
}
