/**
 * @module The count sheet of an election, round by round, from src/voting: a table of each
 * candidate's votes per round (countSheetJson) and the full text sheet (renderCountSheet)
 * with its words in the reader's language. Loaded only on a decided election's page.
 */
import { useTranslation } from "react-i18next";
import {
  type CountSheetLabels,
  countSheetJson,
  type ElectionResult,
  englishCountSheetLabels,
  renderCountSheet,
} from "../../../src/voting/index.js";
import { useFormat } from "../i18n/format.js";
import { TableWrap } from "./table-wrap.js";
import { Name } from "./text.js";

function labels(t: (k: string) => string): CountSheetLabels {
  const word = (k: string, fallback: string) => {
    const v = t(`countSheet.${k}`);
    return v && v !== `countSheet.${k}` ? v : fallback;
  };
  const e = englishCountSheetLabels;
  return {
    ...Object.fromEntries(
      Object.entries(e)
        .filter(([, v]) => typeof v === "string")
        .map(([k, v]) => [k, word(k, v as string)]),
    ),
    actions: Object.fromEntries(
      Object.entries(e.actions).map(([k, v]) => [k, word(`actions.${k}`, v)]),
    ),
    reasons: Object.fromEntries(
      Object.entries(e.reasons).map(([k, v]) => [k, word(`reasons.${k}`, v)]),
    ),
  } as unknown as CountSheetLabels;
}

export default function CountSheet({
  result,
  names,
}: {
  result: ElectionResult;
  names: readonly string[];
}) {
  const { t } = useTranslation();
  const f = useFormat();
  const sheet = countSheetJson(result, names);
  const rounds = sheet.rounds;
  const candidates = sheet.candidates;
  const num = (v: unknown) =>
    typeof v === "number" ? f.number(Math.round(v * 1000) / 1000) : "";
  return (
    <div className="count-sheet">
      {rounds.length > 0 && candidates.length > 0 ? (
        <TableWrap label={t("motion.countSheet")}>
          <table>
            <caption>{t("motion.countSheet")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("countSheet.candidate")}</th>
                {rounds.map((r) => (
                  <th key={r.round} scope="col">
                    {t("countSheet.round")} <bdi>{f.number(r.round)}</bdi>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {candidates.map((c) => (
                <tr key={c}>
                  <th scope="row">
                    <Name>{c}</Name>
                  </th>
                  {rounds.map((r) => (
                    <td
                      key={r.round}
                      className={
                        r.elected.includes(c)
                          ? "elected"
                          : r.excluded.includes(c)
                            ? "excluded"
                            : undefined
                      }
                    >
                      <bdi>{num(r.tallies[c])}</bdi>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      <details>
        <summary>{t("motion.fullCountSheet")}</summary>
        <pre dir="ltr">
          {renderCountSheet(result, names, labels(t), { width: 72 })}
        </pre>
      </details>
    </div>
  );
}
