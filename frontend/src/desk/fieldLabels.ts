// The labels an administrator gave the customer card's own fields, for showing a card's values under them.
import { useEffect, useMemo, useState } from "react";

import { customersApi, type CustomerField } from "../customers/api";
import { fieldLabelsIn } from "../customers/fieldLabel";
import { useI18n } from "../shared/i18n";

/** Field name -> label in the user's language; empty until loaded (or when they cannot be read: the names
 * are shown then). */
export function useCustomerFieldLabels(): Record<string, string> {
  const { lang } = useI18n();
  const [fields, setFields] = useState<CustomerField[]>([]);
  useEffect(() => {
    let live = true;
    customersApi
      .fields()
      .then((loaded) => live && setFields(loaded))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);
  return useMemo(() => fieldLabelsIn(fields, lang), [fields, lang]);
}
