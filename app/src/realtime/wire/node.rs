//! A parsed JSON value, read member by member: the browser's own (`JSON.parse`) in the
//! bundles, serde_json's in native tests.

/// A JSON value the readers in [`super::read`] take apart.
pub trait JsonNode: Sized {
    /// The member `name` of an object; `None` when it is absent or `null`, or this is not an
    /// object.
    fn member(&self, name: &str) -> Option<Self>;
    /// The value, if it is a string.
    fn text(&self) -> Option<String>;
    /// The value, if it is a number.
    fn number(&self) -> Option<f64>;
    /// The elements, if it is an array.
    fn items(&self) -> Option<Vec<Self>>;
}

/// Parses JSON text with the browser's `JSON.parse`.
#[cfg(feature = "browser")]
pub fn parse(text: &str) -> Option<wasm_bindgen::JsValue> {
    js_sys::JSON::parse(text).ok()
}

#[cfg(feature = "browser")]
impl JsonNode for wasm_bindgen::JsValue {
    fn member(&self, name: &str) -> Option<Self> {
        if !self.is_object() {
            return None;
        }
        js_sys::Reflect::get(self, &wasm_bindgen::JsValue::from_str(name))
            .ok()
            .filter(|value| !value.is_undefined() && !value.is_null())
    }

    fn text(&self) -> Option<String> {
        self.as_string()
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn items(&self) -> Option<Vec<Self>> {
        use wasm_bindgen::JsCast;
        self.dyn_ref::<js_sys::Array>().map(js_sys::Array::to_vec)
    }
}

#[cfg(test)]
impl JsonNode for serde_json::Value {
    fn member(&self, name: &str) -> Option<Self> {
        self.get(name).filter(|value| !value.is_null()).cloned()
    }

    fn text(&self) -> Option<String> {
        self.as_str().map(str::to_owned)
    }

    fn number(&self) -> Option<f64> {
        self.as_f64()
    }

    fn items(&self) -> Option<Vec<Self>> {
        self.as_array().cloned()
    }
}
