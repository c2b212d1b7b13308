/** @module A ballot's content in words: yes/no/abstain, a pick, approvals, a ranking. */
import { useTranslation } from "react-i18next";
import type { Choice } from "../api/types.js";
import { Name } from "./text.js";

export function ChoiceText({
  choice,
  options = [],
}: {
  choice: Choice;
  options?: readonly { readonly label: string }[];
}) {
  const { t } = useTranslation();
  const label = (i: number) => options[i]?.label ?? `#${i + 1}`;
  if ("vote" in choice)
    return (
      <span className={`vote vote-${choice.vote}`}>
        {t(`terms.vote.${choice.vote}`)}
      </span>
    );
  if ("pick" in choice) return <Name>{label(choice.pick)}</Name>;
  if ("approve" in choice)
    return (
      <span>
        {choice.approve.length === 0
          ? t("motion.noneApproved")
          : choice.approve.map((o, i) => (
              <span key={o}>
                {i > 0 ? t("common.separator") : ""}
                <Name>{label(o)}</Name>
              </span>
            ))}
      </span>
    );
  return (
    <ol className="inline-ranking">
      {choice.ranking.map((group, i) => (
        <li key={group.join()}>
          <bdi>{i + 1}</bdi>.{" "}
          {group.map((o, j) => (
            <span key={o}>
              {j > 0 ? " = " : ""}
              <Name>{label(o)}</Name>
            </span>
          ))}
        </li>
      ))}
    </ol>
  );
}
