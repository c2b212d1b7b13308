/** @module Pasting a device link that the other device shows, and opening it on the add-device page. */
import { type FormEvent, useId, useState } from "react";
import { useTranslation } from "react-i18next";
import { parseDeviceLink } from "../../../src/core/index.js";
import { errorMessage } from "../i18n/i18n.js";
import { navigate } from "../router.js";

/** A field for the link; `expect` is what this side needs (an offer on the new device, an answer on the member's). */
export function PasteDeviceLink({
  label,
  expect,
}: {
  label: string;
  expect: "offer" | "device";
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const parsed = parseDeviceLink(text);
    if (!parsed.ok || parsed.link.kind !== expect) {
      setError(
        errorMessage("DEVICE_LINK_INVALID", {
          field: parsed.ok
            ? expect === "device"
              ? "key"
              : "member"
            : parsed.field,
        }),
      );
      return;
    }
    setError(null);
    navigate(`/add-device#${text.slice(text.indexOf("#") + 1)}`);
  };
  return (
    <form onSubmit={submit}>
      <label htmlFor={id}>{label}</label>
      <textarea
        id={id}
        value={text}
        onChange={(e) => setText(e.target.value)}
        rows={3}
        spellCheck={false}
        dir="ltr"
      />
      <button type="submit" disabled={text.trim() === ""}>
        {t("device.open")}
      </button>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </form>
  );
}
