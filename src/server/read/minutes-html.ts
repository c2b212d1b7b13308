/**
 * @module The minutes of a meeting as one self-contained HTML page (no scripts, no outside
 * files), in the reader's language and direction — Urdu right to left — for printing or
 * keeping: who was present, the chair the meeting elected, each item with its motions and their
 * counts (the motion it took up and the votes of the meeting that name it), who spoke, every
 * vote taken in the meeting with its electorate, and the adoption with the minutes' hash. `kenges meeting minutes --html` writes it; the hub serves it at
 * GET /api/meetings/:id/minutes?format=html. The words are the catalogues' `cli` sentences.
 */
import type {
  MeetingMinutes,
  MinutesItem,
  MinutesMotion,
} from "../../core/index.js";
import {
  CATALOGS,
  directionOf,
  interpolate,
  isLanguage,
  type Language,
} from "../../i18n/index.js";

/**
 * The page's one stylesheet, the same for every meeting (so the web app's policy can allow it
 * by its hash when a signed-in reader opens the page from a blob). Printed — or saved as a PDF
 * from the browser's print dialog — on A4: no forced page breaks, a heading kept with what
 * follows, a motion and its count never split across pages, Urdu in Nastaliq right to left.
 */
export const MINUTES_STYLE = `
body { font-family: system-ui, sans-serif; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5; }
html[lang="ur"] body { font-family: 'Noto Nastaliq Urdu', 'Noto Naskh Arabic', 'Noto Sans', system-ui, sans-serif; line-height: 2.2; }
h1 { margin-block-end: 0.25rem; }
ol, ul { padding-inline-start: 1.5rem; }
.label { font-variant: small-caps; }
.count { margin-block-start: 0; color: #333; }
.hash { font-family: monospace; word-break: break-all; }
@page { size: A4; margin: 18mm 16mm 20mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 11pt; color: #000; }
  html[lang="ur"] body { line-height: 2.4; }
  h1, h2, h3 { break-after: avoid; page-break-after: avoid; }
  .motion, .count, section#adoption { break-inside: avoid; page-break-inside: avoid; }
  p, li { orphans: 3; widows: 3; }
  .count { color: #000; }
}
`;

/** Text safe inside HTML elements and attribute values. */
function escapeHtml(text: string): string {
  return text
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;")
    .replaceAll("'", "&#39;");
}

type Sentences = Readonly<Record<string, string>>;

function sentencesOf(lang: Language): Sentences {
  return (CATALOGS[lang] as unknown as { cli?: Sentences }).cli ?? {};
}

/** A fragment of HTML built here, put into a sentence as it is. */
class Html {
  constructor(readonly html: string) {}
}

/** What the page needs besides the minutes: the language and each member's name. */
export interface MinutesPageOptions {
  readonly lang: string;
  /** The name a member goes by in the meeting's body. */
  readonly nameOf: (member: string) => string;
}

/** The minutes as a whole HTML document. */
export function minutesHtml(
  minutes: MeetingMinutes,
  options: MinutesPageOptions,
): string {
  const lang: Language = isLanguage(options.lang) ? options.lang : "en";
  // A sentence's template is the catalogue's (escaped); each value is escaped too, unless it
  // is a fragment built here (`Html`): names, in <bdi>, are the members' own text.
  const say = (key: string, values: Record<string, unknown> = {}) => {
    const template = sentencesOf(lang)[key] ?? sentencesOf("en")[key] ?? key;
    const safe: Record<string, string> = {};
    for (const [k, v] of Object.entries(values))
      safe[k] = v instanceof Html ? v.html : escapeHtml(String(v));
    return interpolate(escapeHtml(template), safe);
  };
  const term = (group: string, code: string) => {
    const key = `term.${group}.${code}`;
    return escapeHtml(sentencesOf(lang)[key] ?? sentencesOf("en")[key] ?? code);
  };
  const text = (t: Readonly<Record<string, string>>) =>
    escapeHtml(t[lang] ?? t.en ?? Object.values(t)[0] ?? "");
  // Names and numbers may run the other way: <bdi> keeps each in its own direction.
  const who = (member: string) =>
    `<bdi>${escapeHtml(options.nameOf(member))}</bdi>`;
  // Urdu separates a list with its own comma (،), not the Latin one.
  const comma = lang === "ur" ? "، " : ", ";
  const names = (members: readonly string[]) =>
    new Html(members.map(who).join(comma));

  const outcomeOf = (x: MinutesMotion) =>
    x.status === "decided"
      ? term("outcome", x.outcome ?? "")
      : term("status", x.status);
  const countOf = (x: MinutesMotion): string => {
    const r = x.result;
    if (r === null) return "";
    const electorate =
      x.electorate ?? (r.kind === "decision" ? null : r.eligible);
    if (r.kind === "decision") {
      const d = r.decision;
      return say("meeting.minutes.count", {
        yes: d.yes,
        no: d.no,
        abstain: d.abstain,
        present: d.present,
        electorate: electorate ?? "—",
      });
    }
    return say("meeting.minutes.election-count", {
      present: r.present,
      electorate: electorate ?? r.eligible,
      elected: names(x.elected),
    });
  };
  const motionBlock = (x: MinutesMotion, amendment: boolean): string =>
    `<li class="motion"><p><span class="label">${amendment ? say("meeting.minutes.amendment") : term("motion-kind", x.kind)}</span> ${text(x.title)} — <strong>${outcomeOf(x)}</strong></p>${
      x.result === null ? "" : `<p class="count">${countOf(x)}</p>`
    }</li>`;
  // A motion with its amendments first, as they were decided before it.
  const withAmendments = (x: MinutesMotion): string =>
    `${x.amendments.map((a) => motionBlock(a, true)).join("")}${motionBlock(x, false)}`;
  const itemBlock = (i: MinutesItem): string => {
    const taken = [
      ...(i.motion === null ? [] : [i.motion]),
      ...(i.votes ?? []),
    ];
    const motions =
      taken.length === 0
        ? ""
        : `<ul>${taken.map(withAmendments).join("")}</ul>`;
    const spoke =
      i.speakers.length === 0
        ? ""
        : `<p>${say("meeting.minutes.spoke", {
            names: new Html(
              i.speakers
                .map(
                  (s) => `${who(s.member)} (${term("speaker-side", s.side)})`,
                )
                .join(comma),
            ),
          })}</p>`;
    return `<li><h3>${text(i.title)} <small>[${term("agenda-kind", i.kind)}]</small></h3>${motions}${spoke}</li>`;
  };

  const adopted =
    minutes.adopted === null
      ? say("meeting.minutes.not-adopted")
      : `${say("meeting.minutes.adopted", { motion: minutes.adopted.motion.slice(0, 8) })} ${say(
          minutes.adopted.matches
            ? "meeting.minutes.adopted-matches"
            : "meeting.minutes.adopted-differ",
        )}`;
  const title = text(minutes.title);
  return `<!doctype html>
<html lang="${lang}" dir="${directionOf(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${say("meeting.minutes.heading")}: ${title}</title>
<style>${MINUTES_STYLE}</style>
</head>
<body>
<h1>${say("meeting.minutes.heading")}: ${title}</h1>
<p>${say("meeting.when-where", { when: minutes.when, place: minutes.place })}</p>
<p>${say("meeting.minutes.convened-by", { name: new Html(who(minutes.convenedBy)) })} · ${term("meeting-status", minutes.status)}</p>
${minutes.chairs === null ? "" : `<p>${say("meeting.minutes.chairs", { names: names(minutes.chairs) })}</p>`}
<section id="present"><p>${say("meeting.minutes.present", { count: minutes.present.length, names: names(minutes.present) })}</p></section>
<section id="agenda"><h2>${say("meeting.minutes.agenda")}</h2><ol>${minutes.items.map(itemBlock).join("")}</ol>${
    minutes.notTaken.length === 0
      ? ""
      : `<h2>${say("meeting.minutes.not-taken")}</h2><ul>${minutes.notTaken.map(itemBlock).join("")}</ul>`
  }</section>
<section id="votes"><h2>${say("meeting.minutes.votes", { count: minutes.votes.length })}</h2><ul>${minutes.votes
    .map((x) => motionBlock(x, false))
    .join("")}</ul></section>
<section id="adoption"><p>${adopted}</p><p class="hash">${say("meeting.minutes.hash", { hash: minutes.hash })}</p></section>
</body>
</html>
`;
}
