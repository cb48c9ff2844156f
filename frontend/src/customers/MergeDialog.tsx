// Supervisors: fold a duplicate into this customer. Pick it by searching, then confirm.
import { useState } from "react";

import { useI18n } from "../shared/i18n";
import { useErrors } from "../shared/i18n/errors";
import { Alert, Button, Dialog } from "../shared/ui/components";
import { customersApi, type CustomerCard, type CustomerOut } from "./api";
import { displayName } from "./customerForm";
import { CustomerPicker } from "./CustomerPicker";

type Props = { open: boolean; customer: CustomerCard; onClose: () => void; onMerged: (merged: CustomerOut, other: CustomerOut) => void };

export function MergeDialog({ open, customer, onClose, onMerged }: Props) {
  const { t } = useI18n();
  const { errorText } = useErrors();
  const [other, setOther] = useState<CustomerOut | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const close = () => {
    setOther(null);
    setError(null);
    onClose();
  };

  async function merge() {
    if (!other) return;
    setBusy(true);
    setError(null);
    try {
      const merged = await customersApi.merge(customer.id, other.id);
      setOther(null);
      onMerged(merged, other);
    } catch (caught) {
      setError(errorText(caught));
    } finally {
      setBusy(false);
    }
  }

  const keep = displayName(customer);
  return (
    <Dialog open={open} wide title={t("customers.merge.title", { name: keep })} onClose={close}>
      <p className="muted">{t("customers.merge.help")}</p>
      <CustomerPicker label={t("customers.merge.duplicate")} exclude={customer.id}
        chosen={other ? { id: other.id, name: displayName(other) } : null} onChoose={setOther} onClear={() => setOther(null)} />
      {other && (
        <div className="alert warn" data-testid="merge-preview">
          <p className="merge-confirm">{t("customers.merge.confirm", { other: displayName(other), keep })}</p>
          <div className="small">
            {[other.company, ...other.phones, ...other.emails].filter(Boolean).join(" · ")}
          </div>
        </div>
      )}
      {error && <Alert tone="error">{error}</Alert>}
      <div className="row customers-buttons">
        <Button onClick={close}>{t("common.cancel")}</Button>
        <Button variant="danger" disabled={!other || busy} onClick={() => void merge()}>
          {t("customers.merge.button")}
        </Button>
      </div>
    </Dialog>
  );
}
