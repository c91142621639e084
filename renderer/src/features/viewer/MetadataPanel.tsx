// Everything the case knows about one item, as text. All of it may be hostile (script in EXIF,
// 10 kB strings, control characters): React renders it as text, long values are cut for
// display, and nothing here is ever a link or markup.
import { useState, type ReactNode } from 'react';
import type { ItemDetail, JsonValue } from '../../../../shared/api/gallery-model.js';
import { copyText } from '../../api/clipboard.js';
import { bytes, recorded } from '../../ui/format.js';

const MAX_SHOWN = 400;

function shown(value: JsonValue): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}… (${text.length} characters)` : text;
}

function Row({ label, children, className }: { label: string; children: ReactNode; className?: string }) {
  return (
    <>
      <dt>{label}</dt>
      <dd className={className}>{children ?? '—'}</dd>
    </>
  );
}

function CopyValue({ label, value }: { label: string; value: string | null }) {
  const [copied, setCopied] = useState(false);
  if (!value) return <Row label={label}>—</Row>;
  return (
    <Row label={label} className="copyable">
      <span className="hash">{value}</span>
      <button
        type="button"
        className="copy"
        aria-label={`Copy ${label}`}
        onClick={() => void copyText(value).then(setCopied)}
      >
        {copied ? 'Copied' : 'Copy'}
      </button>
    </Row>
  );
}

export function MetadataPanel({ detail }: { detail: ItemDetail }) {
  const { card, exif, hashes } = detail;
  return (
    <div className="metadata">
      <h2 className="bidi-isolate">{card.name}</h2>
      <section aria-label="File">
        <h3>File</h3>
        <dl>
          <Row label="Path"><span className="bidi-isolate">{detail.path}</span></Row>
          <Row label="Evidence root"><span className="bidi-isolate">{detail.root}</span></Row>
          <Row label="Type">{card.mime ?? 'unknown'}</Row>
          <Row label="Size">{`${bytes(card.size)} (${card.size.toLocaleString('en-GB')} bytes)`}</Row>
          <Row label="Pixels">{card.width && card.height ? `${card.width} × ${card.height}` : null}</Row>
          <Row label="Orientation">{detail.orientation}</Row>
          <Row label="Status">{card.status}{detail.error ? ` — ${shown(detail.error)}` : ''}</Row>
          <Row label="Modified">{detail.fileTimes.modified}</Row>
          {detail.notes.map((n, i) => <Row key={i} label="Note">{shown(n)}</Row>)}
        </dl>
      </section>
      <section aria-label="Known material">
        <h3>Known material</h3>
        {detail.hits.length === 0 ? (
          <p className="muted">{card.knownStatus === 'new' ? 'New: in no imported hash set.' : card.knownStatus}</p>
        ) : (
          <ul className="hits">
            {detail.hits.map((h, i) => (
              <li key={i}>
                <strong className="bidi-isolate">{h.set}</strong> ({h.kind}) · {h.category.label} · by {h.by}
                {h.by === 'pdq' ? `, distance ${h.distance}` : ''}
              </li>
            ))}
          </ul>
        )}
        {detail.cluster && <p className="muted">Near-duplicate cluster {detail.cluster.id}: {detail.cluster.size} items.</p>}
      </section>
      <section aria-label="Camera">
        <h3>Camera</h3>
        {exif ? (
          <dl>
            <Row label="Make">{exif.make && shown(exif.make)}</Row>
            <Row label="Model">{exif.model && shown(exif.model)}</Row>
            <Row label="Serial">{exif.serial && shown(exif.serial)}</Row>
            <Row label="Lens">{exif.lens && shown(exif.lens)}</Row>
            <Row label="Software">{exif.software && shown(exif.software)}</Row>
            <Row label="Taken">{exif.taken ? `${recorded(exif.taken)} (as recorded)` : null}</Row>
            <Row label="GPS">
              {exif.gps ? `${exif.gps.lat.toFixed(6)}, ${exif.gps.lon.toFixed(6)}${exif.gps.alt !== null ? `, ${exif.gps.alt} m` : ''}` : null}
            </Row>
          </dl>
        ) : (
          <p className="muted">No camera metadata.</p>
        )}
      </section>
      <section aria-label="Hashes">
        <h3>Hashes</h3>
        <dl>
          <CopyValue label="MD5" value={hashes.md5} />
          <CopyValue label="SHA-1" value={hashes.sha1} />
          <CopyValue label="SHA-256" value={hashes.sha256} />
          <CopyValue label="PDQ" value={hashes.pdq} />
          <Row label="PDQ quality">{hashes.pdqQuality}</Row>
        </dl>
      </section>
      {detail.tags && (
        <section aria-label="All tags">
          <h3>All tags</h3>
          {Object.entries(detail.tags).map(([group, tags]) => (
            <details key={group}>
              <summary>{group}</summary>
              <dl className="tags">
                {tags && typeof tags === 'object' && !Array.isArray(tags)
                  ? Object.entries(tags).map(([k, v]) => <Row key={k} label={k}>{shown(v)}</Row>)
                  : <Row label="value">{shown(tags)}</Row>}
              </dl>
            </details>
          ))}
          {detail.metadataWarnings.map((w, i) => <p key={i} className="muted">Warning: {shown(w)}</p>)}
        </section>
      )}
    </div>
  );
}
