// The category tables live in shared/ (the renderer's digit keys use them too); the engine's
// importers and exports take them from here.
export { CATEGORY_TABLES, categoryTable, describeCategory, type CategoryTable } from '../../../shared/review.js';
