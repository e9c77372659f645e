//! `classify(text, lang)`: the classifier's reading of a message, before any policy.

use std::sync::Arc;

use chat_interests::Scratch;
use datafusion::arrow::array::{Array, ArrayRef, BooleanBuilder, StringBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::{Result, plan_err};
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use crate::Handle;
use crate::arrays::{
    InterestLists, StringLists, interest_list_type, string_list_type, struct_column,
};
use crate::columns::str_at;

/// `{language, interests, sensitive, oversized}`.
fn fields() -> Fields {
    Fields::from(vec![
        Field::new("language", DataType::Utf8, true),
        Field::new("interests", interest_list_type(), true),
        Field::new("sensitive", string_list_type(), true),
        Field::new("oversized", DataType::Boolean, true),
    ])
}

/// The scalar UDF `classify`.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct ClassifyUdf {
    shared: Handle,
    signature: Signature,
}

impl ClassifyUdf {
    pub(crate) fn new(shared: Handle) -> Self {
        Self {
            shared,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for ClassifyUdf {
    fn name(&self) -> &str {
        "classify"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        match arg_types {
            [a, b] if [a, b].iter().all(|t| is_string(t)) => Ok(vec![DataType::Utf8; 2]),
            _ => plan_err!("classify takes (text, lang), two strings; got {arg_types:?}"),
        }
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let [text, lang] = arrays.as_slice() else {
            return plan_err!("classify takes (text, lang)");
        };
        let (text, lang) = (strings(text)?, strings(lang)?);
        let mut language = StringBuilder::new();
        let mut interests = InterestLists::default();
        let mut sensitive = StringLists::default();
        let mut oversized = BooleanBuilder::new();
        let mut valid = Vec::with_capacity(text.len());
        let mut scratch = Scratch::new();
        for i in 0..text.len() {
            let Some(t) = str_at(&text, i) else {
                language.append_null();
                interests.push_null();
                sensitive.push_null();
                oversized.append_null();
                valid.push(false);
                continue;
            };
            let hint = str_at(&lang, i).and_then(|l| l.parse().ok());
            let c = self.shared.classifier.classify_with(t, hint, &mut scratch);
            language.append_option(c.language().map(|l| l.code()));
            interests.push(c.interests());
            sensitive.push(c.sensitive().iter().map(|s| s.name()));
            oversized.append_value(c.is_oversized());
            valid.push(true);
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(language.finish()),
            interests.finish(),
            sensitive.finish(),
            Arc::new(oversized.finish()),
        ];
        Ok(ColumnarValue::Array(struct_column(
            fields(),
            columns,
            valid,
        )))
    }
}

fn is_string(t: &DataType) -> bool {
    matches!(
        t,
        DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View | DataType::Null
    )
}

/// `a` as a `Utf8` column.
fn strings(a: &ArrayRef) -> Result<datafusion::arrow::array::StringArray> {
    use datafusion::arrow::array::AsArray;
    let a = if a.data_type() == &DataType::Utf8 {
        Arc::clone(a)
    } else {
        datafusion::arrow::compute::cast(a, &DataType::Utf8)?
    };
    Ok(a.as_string::<i32>().clone())
}
