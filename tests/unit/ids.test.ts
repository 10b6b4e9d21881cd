import { describe, expect, it } from 'vitest';
import { canonicalId, landingUrl } from '../../lib/paper/ids';

// Real URL and id shapes, as they appear in feeds, reference lists and address bars.
const CASES: [string, string][] = [
  // arXiv, new style
  ['https://arxiv.org/pdf/2401.01234v3', 'arxiv:2401.01234'],
  ['https://arxiv.org/abs/2401.01234', 'arxiv:2401.01234'],
  ['https://arxiv.org/abs/2401.01234v2', 'arxiv:2401.01234'],
  ['http://arxiv.org/abs/2106.09608v1', 'arxiv:2106.09608'],
  ['https://arxiv.org/pdf/2106.09608.pdf', 'arxiv:2106.09608'],
  ['https://arxiv.org/pdf/2106.09608v2.pdf', 'arxiv:2106.09608'],
  ['https://arxiv.org/html/2405.14831v1', 'arxiv:2405.14831'],
  ['https://arxiv.org/html/2405.14831v1/#S3', 'arxiv:2405.14831'],
  ['https://arxiv.org/abs/2312.00752?context=cs.LG', 'arxiv:2312.00752'],
  ['https://www.arxiv.org/abs/2312.00752', 'arxiv:2312.00752'],
  ['https://arxiv.org/format/2312.00752', 'arxiv:2312.00752'],
  ['http://export.arxiv.org/abs/2312.00752v1', 'arxiv:2312.00752'],
  ['https://ar5iv.labs.arxiv.org/html/1706.03762', 'arxiv:1706.03762'],
  ['https://ar5iv.org/abs/1706.03762', 'arxiv:1706.03762'],
  ['https://arxiv.org/abs/0704.0001', 'arxiv:0704.0001'],
  ['https://arxiv.org/abs/1412.6980v9', 'arxiv:1412.6980'],
  ['arXiv:2401.01234', 'arxiv:2401.01234'],
  ['arXiv:2401.01234v5', 'arxiv:2401.01234'],
  ['arxiv: 1706.03762', 'arxiv:1706.03762'],
  ['2401.01234', 'arxiv:2401.01234'],
  ['2401.01234v1', 'arxiv:2401.01234'],
  ['arxiv:2401.01234', 'arxiv:2401.01234'],
  // Hugging Face, alphaXiv
  ['https://huggingface.co/papers/2401.01234', 'arxiv:2401.01234'],
  ['https://huggingface.co/papers/2608.09888#community', 'arxiv:2608.09888'],
  ['https://hf.co/papers/2401.01234', 'arxiv:2401.01234'],
  ['https://www.alphaxiv.org/abs/2401.01234v2', 'arxiv:2401.01234'],
  ['https://www.alphaxiv.org/overview/2401.01234', 'arxiv:2401.01234'],
  ['https://alphaxiv.org/abs/2401.01234', 'arxiv:2401.01234'],
  // arXiv, old style
  ['arXiv:hep-th/9901001v1', 'arxiv:hep-th/9901001'],
  ['hep-th/9901001', 'arxiv:hep-th/9901001'],
  ['https://arxiv.org/abs/hep-th/9901001', 'arxiv:hep-th/9901001'],
  ['https://arxiv.org/pdf/cond-mat/0102536v1', 'arxiv:cond-mat/0102536'],
  ['https://arxiv.org/abs/math.GT/0309136', 'arxiv:math/0309136'],
  ['arXiv:math.GT/0309136v2', 'arxiv:math/0309136'],
  ['https://arxiv.org/abs/quant-ph/0201082', 'arxiv:quant-ph/0201082'],
  ['https://arxiv.org/abs/cs/0112017', 'arxiv:cs/0112017'],
  // DOI
  ['https://doi.org/10.1145/3292500.3330701', 'doi:10.1145/3292500.3330701'],
  ['https://dx.doi.org/10.1038/nature14539', 'doi:10.1038/nature14539'],
  ['doi:10.1038/Nature14539', 'doi:10.1038/nature14539'],
  ['DOI: 10.1145/3292500.3330701', 'doi:10.1145/3292500.3330701'],
  ['10.1162/neco.1997.9.8.1735', 'doi:10.1162/neco.1997.9.8.1735'],
  ['https://dl.acm.org/doi/10.1145/3292500.3330701', 'doi:10.1145/3292500.3330701'],
  ['https://dl.acm.org/doi/abs/10.1145/3292500.3330701', 'doi:10.1145/3292500.3330701'],
  ['https://dl.acm.org/doi/pdf/10.1145/3292500.3330701', 'doi:10.1145/3292500.3330701'],
  ['https://link.springer.com/article/10.1007/s11263-015-0816-y', 'doi:10.1007/s11263-015-0816-y'],
  ['https://onlinelibrary.wiley.com/doi/full/10.1002/anie.201915678', 'doi:10.1002/anie.201915678'],
  ['https://journals.aps.org/prl/abstract/10.1103/PhysRevLett.116.061102', 'doi:10.1103/physrevlett.116.061102'],
  ['https://www.biorxiv.org/content/10.1101/2020.03.22.002386v3', 'doi:10.1101/2020.03.22.002386'],
  ['https://www.biorxiv.org/content/10.1101/2020.03.22.002386v3.full.pdf', 'doi:10.1101/2020.03.22.002386'],
  ['https://www.science.org/doi/10.1126/science.aaa8415', 'doi:10.1126/science.aaa8415'],
  ['https://doi.org/10.1007%2F978-3-030-58452-8_13', 'doi:10.1007/978-3-030-58452-8_13'],
  // arXiv's own DOIs name arXiv papers
  ['https://doi.org/10.48550/arXiv.2401.01234', 'arxiv:2401.01234'],
  // OpenReview
  ['https://openreview.net/forum?id=abcXYZ123', 'openreview:abcXYZ123'],
  ['https://openreview.net/pdf?id=YicbFdNTTy', 'openreview:YicbFdNTTy'],
  ['https://openreview.net/forum?id=YicbFdNTTy&noteId=xyz12345', 'openreview:YicbFdNTTy'],
  ['openreview:YicbFdNTTy', 'openreview:YicbFdNTTy'],
  // ACL Anthology
  ['https://aclanthology.org/2021.naacl-main.208/', 'acl:2021.naacl-main.208'],
  ['https://aclanthology.org/2021.naacl-main.208.pdf', 'acl:2021.naacl-main.208'],
  ['https://aclanthology.org/P19-1001/', 'acl:P19-1001'],
  ['https://www.aclweb.org/anthology/P19-1001.pdf', 'acl:P19-1001'],
  ['https://aclanthology.org/N19-1423.bib', 'acl:N19-1423'],
  // Others
  ['https://pubmed.ncbi.nlm.nih.gov/31452104/', 'pmid:31452104'],
  [
    'https://www.semanticscholar.org/paper/Attention-is-All-you-Need-Vaswani-Shazeer/204e3073870fae3d05bcbc2f6a8e263d9b72e776',
    's2:204e3073870fae3d05bcbc2f6a8e263d9b72e776',
  ],
];

const NOT_PAPERS = [
  '',
  '   ',
  'hello world',
  'https://arxiv.org/',
  'https://arxiv.org/list/cs.AI/new',
  'https://arxiv.org/search/?query=llm&searchtype=all',
  'https://huggingface.co/papers',
  'https://huggingface.co/papers/trending',
  'https://huggingface.co/meta-llama/Llama-2-7b',
  'https://scholar.google.com/scholar?q=transformers',
  'https://openreview.net/group?id=ICLR.cc/2024/Conference',
  'https://github.com/huggingface/transformers',
  'https://doi.org/',
  'javascript:alert(1)',
  '1234.5678', // month 34 does not exist
  '2401.123', // too short
  '1501.1234', // from 2015 on, numbers have five digits
  'foo/9901001', // not an arXiv archive
  'arxiv:not-an-id',
  'doi:11.1234/x',
];

describe('canonicalId', () => {
  it.each(CASES)('%s → %s', (input, expected) => {
    expect(canonicalId(input)).toBe(expected);
  });

  it.each(NOT_PAPERS)('%j names no paper', (input) => {
    expect(canonicalId(input)).toBeUndefined();
  });

  it('covers at least 40 real shapes and 10 non-papers', () => {
    expect(CASES.length).toBeGreaterThanOrEqual(40);
    expect(NOT_PAPERS.length).toBeGreaterThanOrEqual(10);
  });

  it('accepts URL objects and is idempotent on its own output', () => {
    expect(canonicalId(new URL('https://arxiv.org/abs/2401.01234v2'))).toBe('arxiv:2401.01234');
    for (const [, id] of CASES) expect(canonicalId(id)).toBe(id);
  });

  it('gives a landing page for each kind of id', () => {
    expect(landingUrl('arxiv:2401.01234')).toBe('https://arxiv.org/abs/2401.01234');
    expect(landingUrl('doi:10.1145/3292500.3330701')).toBe('https://doi.org/10.1145/3292500.3330701');
    expect(canonicalId(landingUrl('openreview:YicbFdNTTy'))).toBe('openreview:YicbFdNTTy');
    expect(canonicalId(landingUrl('acl:2021.naacl-main.208'))).toBe('acl:2021.naacl-main.208');
  });
});
