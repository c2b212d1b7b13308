/**
 * @module A meeting's words as a form asks for them — its title, when and where (the place may
 * stay vague: the record is signed and kept) — for a chair convening one and for members
 * demanding one: the same fields, limits and hints in both.
 */
import { type ReactNode, useId, useState } from "react";
import { useTranslation } from "react-i18next";

/** The fields, the words as an event's payload takes them, and a way to empty them. */
export interface MeetingWords {
  readonly fields: ReactNode;
  /** True once a title is given (the one field required). */
  readonly ready: boolean;
  /** The payload's `title`, `when` and `place`, the title in the reader's language. */
  payload(lang: string): {
    title: Record<string, string>;
    when: string;
    place: string;
  };
  clear(): void;
}

/** `describedBy`: a hint the title field points to (the rule a demand needs), if any. */
export function useMeetingWords(describedBy?: string): MeetingWords {
  const { t } = useTranslation();
  const [title, setTitle] = useState("");
  const [when, setWhen] = useState("");
  const [place, setPlace] = useState("");
  const ids = { title: useId(), when: useId(), place: useId(), hint: useId() };
  return {
    fields: (
      <>
        <label htmlFor={ids.title}>{t("meeting.titleLabel")}</label>
        <input
          id={ids.title}
          value={title}
          onChange={(e) => setTitle(e.target.value)}
          maxLength={300}
          required
          aria-describedby={describedBy}
        />
        <label htmlFor={ids.when}>{t("meeting.whenLabel")}</label>
        <input
          id={ids.when}
          value={when}
          onChange={(e) => setWhen(e.target.value)}
          maxLength={200}
        />
        <label htmlFor={ids.place}>{t("meeting.placeLabel")}</label>
        <input
          id={ids.place}
          value={place}
          onChange={(e) => setPlace(e.target.value)}
          maxLength={200}
          aria-describedby={ids.hint}
        />
        <p className="hint" id={ids.hint}>
          {t("meeting.placeHint")}
        </p>
      </>
    ),
    ready: title.trim() !== "",
    payload: (lang) => ({
      title: { [lang]: title.trim() },
      when: when.trim(),
      place: place.trim(),
    }),
    clear() {
      setTitle("");
      setWhen("");
      setPlace("");
    },
  };
}
