// The patrol forms read photos through the shared hook (other features show certificates and evidence too).
export { usePhotoUrl } from '../../common/photo-url';
