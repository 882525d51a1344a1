//! Reading a Server-Sent Events stream frame by frame.

use std::{pin::Pin, time::Duration};

use futures_util::{Stream, StreamExt};
use serde_json::Value;

/// One SSE frame.
#[derive(Debug, Clone)]
pub struct Frame {
    pub id: Option<u64>,
    pub event: Option<String>,
    pub data: Value,
}

type Bytes = Pin<Box<dyn Stream<Item = reqwest::Result<bytes::Bytes>> + Send>>;

/// An open event stream.
pub struct Frames {
    body: Bytes,
    buffer: String,
}

impl Frames {
    pub fn new(response: reqwest::Response) -> Frames {
        Frames {
            body: Box::pin(response.bytes_stream()),
            buffer: String::new(),
        }
    }

    /// Whether the server ends the stream within `wait` (whatever it sends until then
    /// is read and dropped). `false` when it is still open after `wait`.
    pub async fn ends_within(&mut self, wait: Duration) -> bool {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.body.next()).await {
                Err(_) => return false,
                Ok(None | Some(Err(_))) => return true,
                Ok(Some(Ok(_))) => continue,
            }
        }
    }

    /// The next frame carrying data (comments and keep-alives skipped), or `None` after `wait`.
    pub async fn next(&mut self, wait: Duration) -> Option<Frame> {
        loop {
            if let Some(end) = self.buffer.find("\n\n") {
                let raw: String = self.buffer.drain(..end + 2).collect();
                let mut frame = Frame {
                    id: None,
                    event: None,
                    data: Value::Null,
                };
                for line in raw.lines() {
                    if let Some(v) = line.strip_prefix("id:") {
                        frame.id = v.trim().parse().ok();
                    } else if let Some(v) = line.strip_prefix("event:") {
                        frame.event = Some(v.trim().to_owned());
                    } else if let Some(v) = line.strip_prefix("data:") {
                        frame.data = serde_json::from_str(v.trim())
                            .unwrap_or(Value::String(v.trim().to_owned()));
                    }
                }
                if !frame.data.is_null() {
                    return Some(frame);
                }
                continue;
            }
            let chunk = tokio::time::timeout(wait, self.body.next())
                .await
                .ok()??
                .ok()?;
            self.buffer.push_str(&String::from_utf8_lossy(&chunk));
        }
    }
}
