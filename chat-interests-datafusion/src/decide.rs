//! `decide(text, lang, at, region, age, surface, linked, message_id)`: what the policy does with a
//! message — whether it is used, why not, and the interests it may contribute.

use std::sync::Arc;

use chat_interests::Scratch;
use datafusion::arrow::array::{ArrayRef, BooleanBuilder};
use datafusion::arrow::datatypes::{DataType, Field, Fields};
use datafusion::common::Result;
use datafusion::logical_expr::{
    ColumnarValue, ScalarFunctionArgs, ScalarUDFImpl, Signature, Volatility,
};

use crate::Handle;
use crate::arrays::{
    InterestLists, StringLists, interest_list_type, string_list_type, struct_column,
};
use crate::columns::{Messages, coerce_types};

/// `{used, reasons, interests}`.
fn fields() -> Fields {
    Fields::from(vec![
        Field::new("used", DataType::Boolean, true),
        Field::new("reasons", string_list_type(), true),
        Field::new("interests", interest_list_type(), true),
    ])
}

/// The scalar UDF `decide`, under one policy.
#[derive(Debug, PartialEq, Eq, Hash)]
pub(crate) struct DecideUdf {
    shared: Handle,
    signature: Signature,
}

impl DecideUdf {
    pub(crate) fn new(shared: Handle) -> Self {
        Self {
            shared,
            signature: Signature::user_defined(Volatility::Immutable),
        }
    }
}

impl ScalarUDFImpl for DecideUdf {
    fn name(&self) -> &str {
        "decide"
    }

    fn signature(&self) -> &Signature {
        &self.signature
    }

    fn coerce_types(&self, arg_types: &[DataType]) -> Result<Vec<DataType>> {
        coerce_types("decide", &[], arg_types)
    }

    fn return_type(&self, _arg_types: &[DataType]) -> Result<DataType> {
        Ok(DataType::Struct(fields()))
    }

    fn invoke_with_args(&self, args: ScalarFunctionArgs) -> Result<ColumnarValue> {
        let arrays = ColumnarValue::values_to_arrays(&args.args)?;
        let m = Messages::new(&arrays)?;
        let mut used = BooleanBuilder::new();
        let mut reasons = StringLists::default();
        let mut interests = InterestLists::default();
        let mut valid = Vec::with_capacity(m.len());
        let mut scratch = Scratch::new();
        for i in 0..m.len() {
            let Some((text, lang)) = m.text(i) else {
                used.append_null();
                reasons.push_null();
                interests.push_null();
                valid.push(false);
                continue;
            };
            let c = self
                .shared
                .classifier
                .classify_with(text, lang, &mut scratch);
            let d = self.shared.engine.evaluate(&m.context(i), &c);
            used.append_value(d.is_allowed());
            reasons.push(d.reasons().iter().map(|r| r.code()));
            interests.push(d.interests());
            valid.push(true);
        }
        let columns: Vec<ArrayRef> = vec![
            Arc::new(used.finish()),
            reasons.finish(),
            interests.finish(),
        ];
        Ok(ColumnarValue::Array(struct_column(
            fields(),
            columns,
            valid,
        )))
    }
}
