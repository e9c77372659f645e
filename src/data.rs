//! Every data file the crate embeds, in one place. Each is parsed by its owner (taxonomy, lexicon,
//! language, text, region) through the one strict reader ([`crate::util::tsv`]), once, on first use; a
//! test loads every file and counts its records against the file's data lines.

/// An embedded data file: its path under `data/`, its text and how many header lines precede its records.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DataFile {
    pub(crate) name: &'static str,
    pub(crate) text: &'static str,
    pub(crate) header_lines: usize,
}

macro_rules! data_file {
    ($path:literal) => {
        data_file!($path, 0)
    };
    ($path:literal, $header:literal) => {
        DataFile {
            name: $path,
            text: include_str!(concat!("../data/", $path)),
            header_lines: $header,
        }
    };
}

/// IAB Tech Lab Content Taxonomy 3.1 (CC BY 3.0); two header lines.
pub(crate) const TAXONOMY: DataFile = data_file!("iab/content-taxonomy-3.1.tsv", 2);
/// Which taxonomy nodes are sensitive, and in which category.
pub(crate) const SENSITIVE_NODES: DataFile = data_file!("sensitive-nodes.tsv");
/// IAB Audience Taxonomy 1.1, its "Interest" subtree (CC BY 3.0), derived by `tools/lexgen`.
#[cfg(feature = "openrtb")]
pub(crate) const AUDIENCE_TAXONOMY: DataFile = data_file!("iab/audience-taxonomy-1.1-interest.tsv");
/// Which Audience 1.1 Interest nodes are sensitive, and in which category.
#[cfg(feature = "openrtb")]
pub(crate) const AUDIENCE_SENSITIVE_NODES: DataFile =
    data_file!("iab/audience-1.1-sensitive-nodes.tsv");
/// This crate's mapping from Content Taxonomy 3.1 to Audience 1.1 Interest nodes (`tools/lexgen`).
#[cfg(feature = "openrtb")]
pub(crate) const CONTENT_TO_AUDIENCE: DataFile = data_file!("iab/content-3.1-to-audience-1.1.tsv");
/// ISO 3166-1 alpha-2 officially assigned codes.
pub(crate) const REGIONS: DataFile = data_file!("iso3166-1-alpha2.txt");
/// Stop words per language, for language detection.
pub(crate) const STOP_WORDS: DataFile = data_file!("lang/stopwords.tsv");
/// The most frequent words of each language (wordfreq 3.1, CC BY-SA 4.0).
pub(crate) const COMMON_WORDS: DataFile = data_file!("lang/common-words.tsv");
/// Look-alike letters folded to Latin (a subset of Unicode UTS #39).
pub(crate) const CONFUSABLES: DataFile = data_file!("confusables.tsv");

/// English interest terms.
pub(crate) const EN_INTERESTS: DataFile = data_file!("lexicon/en/interests.tsv");
/// English food and drink terms generated from WordNet's `noun.food` by `tools/lexgen`.
pub(crate) const EN_INTERESTS_FOOD: DataFile = data_file!("lexicon/en/interests-food.tsv");
/// German food and drink terms generated from the OMW German lemmas by `tools/lexgen` (CC BY-SA 3.0,
/// a separately licensed data file).
pub(crate) const DE_INTERESTS_FOOD: DataFile = data_file!("lexicon/de/interests-food.tsv");
/// English sensitive terms.
pub(crate) const EN_SENSITIVE: DataFile = data_file!("lexicon/en/sensitive.tsv");
/// English sensitive terms generated from ICD-10-CM, DrugBank, WordNet and Party Facts by
/// `tools/lexgen`.
pub(crate) const EN_SENSITIVE_GENERATED: DataFile =
    data_file!("lexicon/en/sensitive-generated.tsv");
/// Curated English names and vocabulary no source has (politicians, unions, government).
pub(crate) const EN_SENSITIVE_CURATED: DataFile = data_file!("lexicon/en/sensitive-curated.tsv");
/// English identity phrases generated from HolisticBias by `tools/lexgen` (CC BY-SA 4.0, a
/// separately licensed data file).
pub(crate) const EN_SENSITIVE_HOLISTICBIAS: DataFile =
    data_file!("lexicon/en/sensitive-holisticbias.tsv");
/// English traps.
pub(crate) const EN_TRAPS: DataFile = data_file!("lexicon/en/traps.tsv");
/// English identity frames and words.
pub(crate) const EN_IDENTITY: DataFile = data_file!("lexicon/en/identity.tsv");
/// English pair rules.
pub(crate) const EN_PAIRS: DataFile = data_file!("lexicon/en/pairs.tsv");
/// German interest terms.
pub(crate) const DE_INTERESTS: DataFile = data_file!("lexicon/de/interests.tsv");
/// German sensitive terms.
pub(crate) const DE_SENSITIVE: DataFile = data_file!("lexicon/de/sensitive.tsv");
/// Curated German government, parliamentary, union and religion vocabulary.
pub(crate) const DE_SENSITIVE_CURATED: DataFile = data_file!("lexicon/de/sensitive-curated.tsv");
/// German sensitive terms generated from the Open Multilingual Wordnet by `tools/lexgen`
/// (CC BY-SA 3.0, a separately licensed data file).
pub(crate) const DE_SENSITIVE_GENERATED: DataFile =
    data_file!("lexicon/de/sensitive-generated.tsv");
/// German traps.
pub(crate) const DE_TRAPS: DataFile = data_file!("lexicon/de/traps.tsv");
/// German identity frames and words.
pub(crate) const DE_IDENTITY: DataFile = data_file!("lexicon/de/identity.tsv");
/// German pair rules.
pub(crate) const DE_PAIRS: DataFile = data_file!("lexicon/de/pairs.tsv");

/// The policy presets, in canonical JSON (`data/policies/README.md` explains their choices).
pub(crate) const POLICY_PRESETS: &[DataFile] = &[
    data_file!("policies/announced-rollout.json"),
    data_file!("policies/strict-gdpr-art9.json"),
];

/// The learned sensitive model's weights (`tools/modeltrain`; format in `src/model/format.rs`).
pub(crate) const MODEL_WEIGHTS: &[u8] = include_bytes!("../data/model/sensitive-model.bin");
/// Its thresholds per category, chosen on the dev splits by the same program.
pub(crate) const MODEL_THRESHOLDS: DataFile = data_file!("model/thresholds.tsv");
