// The examiner's category choices (VICS Default table), for every <select> that sets or filters by them.
import { categoryTable } from '../../../shared/review.js';

export function CategoryOptions() {
  return (
    <>
      {Object.entries(categoryTable('Default')).map(([code, label]) => (
        <option key={code} value={code}>
          {code} · {label}
        </option>
      ))}
    </>
  );
}
