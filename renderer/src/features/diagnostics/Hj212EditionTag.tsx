import { Tag, Tooltip } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ListenedFrame } from '#shared/host/contract/index';

/**
 * Which HJ 212 edition a listened packet speaks: a tag with the edition, the decoder's reason as the
 * tooltip. 2025 is told by facts from public implementations (the 2025 text was not seen): the tooltip
 * says so.
 */
export function Hj212EditionTag(props: { readonly edition: ListenedFrame['edition'] }) {
  const { t } = useTranslation('diagnostics');
  const e = props.edition;
  if (e === undefined) {
    return null;
  }
  return (
    <Tooltip title={`${t(`hj212.editionWhy.${e.edition}`)} ${e.reason}`}>
      <Tag
        color={e.edition === 'hj212-2025' ? 'blue' : e.edition === 'hj212-2017' ? 'default' : 'orange'}
        data-testid="hj212-edition"
      >
        {t(`hj212.edition.${e.edition}`)}
      </Tag>
    </Tooltip>
  );
}
