// Pieces of two-factor sign-in shared by the sign-in page (a forced enrollment) and the account page.
import { useState } from "react";

import type { Enrollment } from "../api/client";
import { useI18n } from "../i18n";
import { Button, Field } from "./components";

/** The QR code of a new secret, and the key itself for typing into an app by hand. */
export function EnrollmentView({ enrollment }: { enrollment: Enrollment }) {
  const { t } = useI18n();
  const grouped = enrollment.secret.match(/.{1,4}/g)?.join(" ") ?? enrollment.secret;
  return (
    <div className="two-factor-enrollment">
      <p>{t("twoFactor.scan")}</p>
      <img src={enrollment.qr_svg} alt={t("twoFactor.qrAlt")} width={200} height={200}
        data-testid="two-factor-qr" style={{ imageRendering: "pixelated", background: "#fff" }} />
      <p className="muted">{t("twoFactor.manual")}</p>
      <code className="token" data-testid="two-factor-secret" aria-label={t("twoFactor.key")}>{grouped}</code>
    </div>
  );
}

/** A 6-digit code field (or a recovery code's, when `recovery`). */
export function CodeField({ value, onChange, recovery, error }: {
  value: string;
  onChange: (value: string) => void;
  recovery?: boolean;
  error?: string;
}) {
  const { t } = useI18n();
  return (
    <Field label={recovery ? t("twoFactor.recoveryCode") : t("twoFactor.code")} value={value}
      onChange={(e) => onChange(e.target.value)} error={error} required autoFocus
      autoComplete={recovery ? "off" : "one-time-code"} inputMode={recovery ? "text" : "numeric"}
      maxLength={recovery ? 32 : 8} name={recovery ? "recovery-code" : "code"} />
  );
}

/** Recovery codes, shown once: each signs in once when the phone is not at hand. */
export function RecoveryCodeList({ codes }: { codes: string[] }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  return (
    <div className="recovery-codes">
      <p><strong>{t("twoFactor.recoveryTitle")}</strong></p>
      <p className="muted">{t("twoFactor.recoveryHelp")}</p>
      <ul data-testid="recovery-codes" style={{ columns: 2, fontFamily: "monospace", paddingLeft: "1.2rem" }}>
        {codes.map((code) => <li key={code}>{code}</li>)}
      </ul>
      <Button small onClick={() => void navigator.clipboard?.writeText(codes.join("\n")).then(() => setCopied(true))}>
        {copied ? t("common.copied") : t("common.copy")}
      </Button>
    </div>
  );
}
