/**
 * @module Ranking candidates on a phone: tap them in order of preference (tap again to take
 * one back), or drag a ranked one by its handle, or move it with the up and down buttons —
 * every way works with a finger, a mouse and a keyboard.
 */
import { type PointerEvent, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Name, Num } from "./text.js";

export function RankingEditor({
  options,
  ranking,
  onChange,
}: {
  options: readonly { readonly label: string }[];
  ranking: readonly number[];
  onChange: (next: number[]) => void;
}) {
  const { t } = useTranslation();
  const list = useRef<HTMLOListElement>(null);
  const [dragging, setDragging] = useState<number | null>(null);
  const unranked = options.map((_, i) => i).filter((i) => !ranking.includes(i));
  const move = (from: number, to: number) => {
    if (to < 0 || to >= ranking.length || from === to) return;
    const next = [...ranking];
    const [item] = next.splice(from, 1);
    next.splice(to, 0, item!);
    onChange(next);
  };
  const onPointerDown = (e: PointerEvent<HTMLButtonElement>, index: number) => {
    e.currentTarget.setPointerCapture(e.pointerId);
    setDragging(index);
  };
  const onPointerMove = (e: PointerEvent<HTMLButtonElement>) => {
    if (dragging === null || !list.current) return;
    const items = [...list.current.children] as HTMLElement[];
    const target = items.findIndex((el) => {
      const r = el.getBoundingClientRect();
      return e.clientY >= r.top && e.clientY <= r.bottom;
    });
    if (target >= 0 && target !== dragging) {
      move(dragging, target);
      setDragging(target);
    }
  };
  const onPointerUp = () => setDragging(null);
  return (
    <div className="ranking">
      <p className="hint">{t("vote.rankHint")}</p>
      <h3>{t("vote.yourRanking")}</h3>
      {ranking.length === 0 ? (
        <p className="muted">{t("vote.nothingRanked")}</p>
      ) : null}
      <ol ref={list} className="ranked" aria-label={t("vote.yourRanking")}>
        {ranking.map((o, i) => (
          <li key={o} className={dragging === i ? "dragging" : undefined}>
            <button
              type="button"
              className="handle"
              aria-label={t("vote.drag", { name: options[o]?.label ?? "" })}
              onPointerDown={(e) => onPointerDown(e, i)}
              onPointerMove={onPointerMove}
              onPointerUp={onPointerUp}
              onPointerCancel={onPointerUp}
            >
              ⠿
            </button>
            <span className="rank">
              <Num value={i + 1} />
            </span>
            <span className="label">
              <Name>{options[o]?.label ?? ""}</Name>
            </span>
            <button
              type="button"
              className="icon"
              onClick={() => move(i, i - 1)}
              disabled={i === 0}
              aria-label={t("vote.up")}
            >
              ▲
            </button>
            <button
              type="button"
              className="icon"
              onClick={() => move(i, i + 1)}
              disabled={i === ranking.length - 1}
              aria-label={t("vote.down")}
            >
              ▼
            </button>
            <button
              type="button"
              className="icon"
              onClick={() => onChange(ranking.filter((x) => x !== o))}
              aria-label={t("vote.remove")}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      {unranked.length > 0 ? (
        <>
          <h3>{t("vote.notRanked")}</h3>
          <ul className="unranked">
            {unranked.map((o) => (
              <li key={o}>
                <button
                  type="button"
                  className="tap"
                  onClick={() => onChange([...ranking, o])}
                >
                  <Name>{options[o]?.label ?? ""}</Name>
                </button>
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </div>
  );
}
