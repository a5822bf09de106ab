export { ProceduresButton, useSiteModels } from './ProceduresButton';
