// A list of API tokens with a revoke button and its confirmation: one's own on the account page, a user's
// on the admin's Users page (there with the rights each token was given).
import { useState } from "react";

import type { Token } from "../shared/api/client";
import { useI18n } from "../shared/i18n";
import type { MessageKey } from "../shared/i18n/en";
import { Badge, Button, ConfirmDialog, formatTime } from "../shared/ui/components";

export const scopeLabel = (scope: Token["scopes"][number]): MessageKey => `users.tokens.scope.${scope}` as MessageKey;

export function TokenTable({ tokens, label, showRights = false, onRevoke }: {
  tokens: Token[];
  label: string;
  showRights?: boolean;
  onRevoke: (token: Token) => void;
}) {
  const { t, lang } = useI18n();
  const [revoking, setRevoking] = useState<Token | null>(null);
  return (
    <>
      <div className="table-wrap">
        <table className="table" aria-label={label}>
          <thead>
            <tr>
              <th>{t("account.tokenName")}</th>
              {showRights && <th>{t("users.tokens.rights")}</th>}
              <th>{t("account.expires")}</th>
              <th>{t("account.lastUsed")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name} <span className="muted">({token.prefix}…)</span></td>
                {showRights && (
                  <td>
                    {token.scopes.length === 0 ? (
                      <span className="muted">{t("users.tokens.noRights")}</span>
                    ) : (
                      token.scopes.map((scope) => (
                        <span key={scope} title={t(scopeLabel(scope))}><Badge>{scope}</Badge></span>
                      ))
                    )}
                  </td>
                )}
                <td>{formatTime(token.expires_at, lang, "—")}</td>
                <td>{formatTime(token.last_used_at, lang, t("common.never"))}</td>
                <td>
                  {token.revoked_at ? (
                    <Badge tone="danger">{t("account.revoked")}</Badge>
                  ) : (
                    <Button small variant="danger" onClick={() => setRevoking(token)}
                      aria-label={t("account.revokeNamed", { name: token.name })}>{t("account.revoke")}</Button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <ConfirmDialog open={revoking !== null} danger
        message={revoking ? t("account.confirmRevoke", { name: revoking.name }) : ""}
        onCancel={() => setRevoking(null)}
        onConfirm={() => {
          if (revoking) onRevoke(revoking);
          setRevoking(null);
        }} />
    </>
  );
}
