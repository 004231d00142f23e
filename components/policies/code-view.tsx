"use client";
import { Fragment, useEffect, useRef, type ReactNode } from "react";

/**
 * Source text with line numbers and light highlighting, no dependencies. Cedar: permit/forbid/when/unless and
 * other keywords, strings and comments, with the @id/@reason/@require_approval annotations emphasised so a reader
 * can scan a file by what each policy is called and why it exists. YAML: keys and comments.
 */
const CEDAR_KEYWORDS = /\b(permit|forbid|when|unless|principal|action|resource|context|in|has|like|is|if|then|else|true|false|entity|appliesTo|type|namespace)\b/;

function highlightCedar(line: string): ReactNode {
  const ann = /^(\s*)(@[a-z_]+)(\(\s*)("(?:[^"\\]|\\.)*")(\s*\))(.*)$/.exec(line);
  if (ann) {
    const strong = ann[2] === "@id" ? "font-semibold text-indigo-800" : ann[2] === "@require_approval" ? "font-semibold text-amber-800" : "text-indigo-700";
    return (
      <>
        {ann[1]}
        <span className={strong}>{ann[2]}</span>
        {ann[3]}
        <span className={ann[2] === "@id" ? "font-semibold text-indigo-900 bg-indigo-50" : ann[2] === "@reason" ? "italic text-slate-700" : "text-amber-900"}>{ann[4]}</span>
        {ann[5]}
        {ann[6]}
      </>
    );
  }
  const out: ReactNode[] = [];
  const re = /(\/\/.*$)|("(?:[^"\\]|\\.)*")|([A-Za-z_][A-Za-z0-9_]*(?:::[A-Za-z_][A-Za-z0-9_]*)*)|(\s+|.)/g;
  let m: RegExpExecArray | null;
  let k = 0;
  while ((m = re.exec(line))) {
    if (m[1]) out.push(<span key={k++} className="text-slate-500">{m[1]}</span>);
    else if (m[2]) out.push(<span key={k++} className="text-emerald-800">{m[2]}</span>);
    else if (m[3]) {
      if (m[3] === "permit") out.push(<span key={k++} className="font-semibold text-emerald-700">{m[3]}</span>);
      else if (m[3] === "forbid") out.push(<span key={k++} className="font-semibold text-red-700">{m[3]}</span>);
      else if (CEDAR_KEYWORDS.test(m[3]) && !m[3].includes("::")) out.push(<span key={k++} className="text-violet-700">{m[3]}</span>);
      else if (m[3].includes("::")) out.push(<span key={k++} className="text-sky-800">{m[3]}</span>);
      else out.push(m[3]);
    } else out.push(m[4]);
  }
  return out;
}

function highlightYaml(line: string): ReactNode {
  const c = /^(\s*)(#.*)$/.exec(line);
  if (c) return <>{c[1]}<span className="text-slate-500">{c[2]}</span></>;
  const kv = /^(\s*(?:- )?)([A-Za-z0-9_.\-"']+)(:)(.*)$/.exec(line);
  if (kv) return <>{kv[1]}<span className="text-indigo-800">{kv[2]}</span>{kv[3]}<span className="text-slate-800">{kv[4]}</span></>;
  return line;
}

export function languageOf(name: string): "cedar" | "yaml" | "text" {
  if (/\.cedar(schema)?$/i.test(name)) return "cedar";
  if (/\.(ya?ml|json)$/i.test(name)) return "yaml";
  return "text";
}

export function CodeView({ text, language, highlightLines, maxHeight = "max-h-[70vh]", anchorPrefix, scrollToLine }: {
  text: string; language: "cedar" | "yaml" | "text"; highlightLines?: ReadonlySet<number>; maxHeight?: string; anchorPrefix?: string;
  /** scroll this line into view (e.g. the line a validation error names) */
  scrollToLine?: { line: number } | null;
}) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!scrollToLine || !box.current) return;
    const row = box.current.querySelectorAll("tr")[scrollToLine.line - 1] as HTMLElement | undefined;
    if (row) box.current.scrollTop = row.offsetTop - box.current.clientHeight / 3;
  }, [scrollToLine, text]);
  const lines = text.replace(/\n$/, "").split("\n");
  const width = String(lines.length).length;
  return (
    <div ref={box} className={`relative overflow-auto rounded border border-slate-200 bg-white font-mono text-xs leading-5 ${maxHeight}`}>
      <table className="w-full border-collapse">
        <tbody>
          {lines.map((l, i) => (
            <tr key={i} id={anchorPrefix !== undefined ? `${anchorPrefix}L${i + 1}` : undefined} className={`target:bg-indigo-50 ${highlightLines?.has(i + 1) ? "bg-red-50" : ""}`}>
              <td className="sticky left-0 select-none border-r border-slate-200 bg-slate-50 px-2 text-right align-top text-slate-500" style={{ width: `${width + 2}ch` }}>{i + 1}</td>
              <td className="whitespace-pre px-3 text-slate-800">
                <Fragment>{language === "cedar" ? highlightCedar(l) : language === "yaml" ? highlightYaml(l) : l}</Fragment>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
