//! The Arrow shapes of the functions' results, and builders for them.

use std::sync::Arc;

use chat_interests::ScoredInterest;
use datafusion::arrow::array::{ArrayRef, Float32Builder, ListArray, StringBuilder, StructArray};
use datafusion::arrow::buffer::{NullBuffer, OffsetBuffer};
use datafusion::arrow::datatypes::{DataType, Field, FieldRef, Fields};

/// `{id, name, score}`: one interest, by its IAB id and name.
fn interest_fields() -> Fields {
    Fields::from(vec![
        Field::new("id", DataType::Utf8, false),
        Field::new("name", DataType::Utf8, false),
        Field::new("score", DataType::Float32, false),
    ])
}

fn item(data_type: DataType) -> FieldRef {
    Arc::new(Field::new("item", data_type, false))
}

/// A list of interests.
pub(crate) fn interest_list_type() -> DataType {
    DataType::List(item(DataType::Struct(interest_fields())))
}

/// A list of strings (categories, reasons).
pub(crate) fn string_list_type() -> DataType {
    DataType::List(item(DataType::Utf8))
}

/// Offsets and validity of a list column being built.
#[derive(Default)]
struct ListShape {
    offsets: Vec<i32>,
    valid: Vec<bool>,
}

impl ListShape {
    fn end(&mut self, len: usize, valid: bool) {
        if self.offsets.is_empty() {
            self.offsets.push(0);
        }
        // A batch's lists hold far fewer than 2^31 items (each row has at most a few dozen).
        self.offsets.push(i32::try_from(len).unwrap_or(i32::MAX));
        self.valid.push(valid);
    }

    fn finish(self, item: FieldRef, values: ArrayRef) -> ArrayRef {
        let offsets = if self.offsets.is_empty() {
            vec![0]
        } else {
            self.offsets
        };
        let nulls = self
            .valid
            .iter()
            .any(|v| !v)
            .then(|| NullBuffer::from(self.valid));
        Arc::new(ListArray::new(
            item,
            OffsetBuffer::new(offsets.into()),
            values,
            nulls,
        ))
    }
}

/// Builds a column of [`interest_list_type`].
#[derive(Default)]
pub(crate) struct InterestLists {
    ids: StringBuilder,
    names: StringBuilder,
    scores: Float32Builder,
    len: usize,
    shape: ListShape,
}

impl InterestLists {
    /// Appends one row's interests.
    pub(crate) fn push(&mut self, interests: &[ScoredInterest]) {
        for s in interests {
            self.ids.append_value(s.id().iab_id());
            self.names.append_value(s.id().name());
            self.scores.append_value(s.score());
        }
        self.len += interests.len();
        self.shape.end(self.len, true);
    }

    /// Appends a null row.
    pub(crate) fn push_null(&mut self) {
        self.shape.end(self.len, false);
    }

    /// The column.
    pub(crate) fn finish(mut self) -> ArrayRef {
        let values = StructArray::new(
            interest_fields(),
            vec![
                Arc::new(self.ids.finish()),
                Arc::new(self.names.finish()),
                Arc::new(self.scores.finish()),
            ],
            None,
        );
        self.shape
            .finish(item(DataType::Struct(interest_fields())), Arc::new(values))
    }
}

/// Builds a column of [`string_list_type`].
#[derive(Default)]
pub(crate) struct StringLists {
    values: StringBuilder,
    len: usize,
    shape: ListShape,
}

impl StringLists {
    /// Appends one row's strings.
    pub(crate) fn push<'a>(&mut self, values: impl IntoIterator<Item = &'a str>) {
        for v in values {
            self.values.append_value(v);
            self.len += 1;
        }
        self.shape.end(self.len, true);
    }

    /// Appends a null row.
    pub(crate) fn push_null(&mut self) {
        self.shape.end(self.len, false);
    }

    /// The column.
    pub(crate) fn finish(mut self) -> ArrayRef {
        self.shape
            .finish(item(DataType::Utf8), Arc::new(self.values.finish()))
    }
}

/// A struct column of `fields` and `columns`, null where `valid` is false.
pub(crate) fn struct_column(fields: Fields, columns: Vec<ArrayRef>, valid: Vec<bool>) -> ArrayRef {
    let nulls = valid.iter().any(|v| !v).then(|| NullBuffer::from(valid));
    Arc::new(StructArray::new(fields, columns, nulls))
}
