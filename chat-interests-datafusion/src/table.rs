//! A table over a list of Parquet files, read in the order given (the equality tests shuffle it).

use std::path::PathBuf;
use std::sync::Arc;

use datafusion::datasource::file_format::parquet::ParquetFormat;
use datafusion::datasource::listing::{
    ListingOptions, ListingTable, ListingTableConfig, ListingTableUrl,
};
use datafusion::error::{DataFusionError, Result};
use datafusion::prelude::SessionContext;

/// Registers the Parquet files `paths` as table `name` in `ctx`, in that order.
///
/// # Errors
/// When a path is not valid UTF-8, a file cannot be read, or the name is taken.
///
/// ```
/// use chat_interests_datafusion::{register_parquet_files, synthetic};
/// use datafusion::prelude::SessionContext;
/// # tokio::runtime::Runtime::new()?.block_on(async {
/// let dir = std::env::temp_dir().join(format!("ci-df-doc-{}", std::process::id()));
/// std::fs::create_dir_all(&dir)?;
/// let paths = synthetic::write_parquet(&synthetic::messages(100, 3), &dir, 2)?;
/// let ctx = SessionContext::new();
/// register_parquet_files(&ctx, "messages", &paths).await?;
/// let n = ctx.sql("SELECT count(*) FROM messages").await?.count().await?;
/// assert_eq!(n, 1);
/// std::fs::remove_dir_all(&dir)?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// # })?;
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub async fn register_parquet_files(
    ctx: &SessionContext,
    name: &str,
    paths: &[PathBuf],
) -> Result<()> {
    let urls = paths
        .iter()
        .map(|p| {
            let s = p.to_str().ok_or_else(|| {
                DataFusionError::Plan(format!("{} is not a UTF-8 path", p.display()))
            })?;
            ListingTableUrl::parse(s)
        })
        .collect::<Result<Vec<_>>>()?;
    let options =
        ListingOptions::new(Arc::new(ParquetFormat::default())).with_file_extension(".parquet");
    let config = ListingTableConfig::new_with_multi_paths(urls)
        .with_listing_options(options)
        .infer_schema(&ctx.state())
        .await?;
    ctx.register_table(name, Arc::new(ListingTable::try_new(config)?))?;
    Ok(())
}
