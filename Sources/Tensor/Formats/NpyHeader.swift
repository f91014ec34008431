/// The header of a .npy file: the array's dtype, memory order and shape.
///
/// numpy requires exactly the keys descr, fortran_order and shape; so does
/// this reader. Float dtypes only: `<f2 <f4 <f8` and their big-endian `>`
/// forms (converted on read; numpy writes `>` for arrays saved from
/// big-endian data). Everything else is rejected with the dtype named.
struct NpyHeader: Equatable {
    let layout: ScalarLayout
    let fortranOrder: Bool
    let shape: [Int]

    static let readableDescriptors: [String: ScalarLayout] = [
        "<f2": ScalarLayout(.float16), "<f4": ScalarLayout(.float32), "<f8": ScalarLayout(.float64),
        ">f2": ScalarLayout(.float16, bigEndian: true), ">f4": ScalarLayout(.float32, bigEndian: true),
        ">f8": ScalarLayout(.float64, bigEndian: true),
    ]

    init(layout: ScalarLayout, fortranOrder: Bool, shape: [Int]) {
        self.layout = layout
        self.fortranOrder = fortranOrder
        self.shape = shape
    }

    init(text: String) throws {
        let literal = try PythonLiteral.parse(text) { TensorFormatError(.npy, "the header is not a valid Python dict literal: \($0)") }
        guard case let .dict(members) = literal else {
            throw Self.error("the header must be a dict {'descr': ..., 'fortran_order': ..., 'shape': ...}")
        }
        let keys = members.map(\.key).sorted()
        guard keys == ["descr", "fortran_order", "shape"] else {
            throw Self.error("the header has keys \(keys) but must have exactly 'descr', 'fortran_order' and 'shape'")
        }
        let fields = Dictionary(uniqueKeysWithValues: members.map { ($0.key, $0.value) })

        guard case let .string(descriptor) = fields["descr"]! else {
            throw Self.error("'descr' is not a simple dtype string (structured arrays are not supported); save a plain float array, e.g. arr.astype(np.float32)")
        }
        guard let layout = Self.readableDescriptors[descriptor] else {
            throw Self.error("dtype '\(descriptor)' is not supported; accepted dtypes are <f4, <f8, <f2 (and big-endian >f4, >f8, >f2): save with arr.astype(np.float32)")
        }
        guard case let .bool(fortranOrder) = fields["fortran_order"]! else {
            throw Self.error("'fortran_order' must be True or False")
        }
        guard case let .tuple(dimensions) = fields["shape"]! else {
            throw Self.error("'shape' must be a tuple of non-negative integers such as (8, 384) or (384,)")
        }
        let shape = try dimensions.map { dimension -> Int in
            guard case let .integer(value) = dimension, value >= 0 else {
                throw Self.error("'shape' must contain only non-negative integers")
            }
            return value
        }
        self.init(layout: layout, fortranOrder: fortranOrder, shape: shape)
    }

    private static func error(_ message: String) -> TensorFormatError {
        TensorFormatError(.npy, message)
    }

    /// The dict text numpy.save writes for a C-order float32 array, including
    /// its spare spaces that let the shape's first axis grow in place.
    static func float32Text(shape: [Int]) -> String {
        let shapeText: String
        switch shape.count {
        case 0: shapeText = "()"
        case 1: shapeText = "(\(shape[0]),)"
        default: shapeText = "(" + shape.map(String.init).joined(separator: ", ") + ")"
        }
        let text = "{'descr': '<f4', 'fortran_order': False, 'shape': \(shapeText), }"
        guard let first = shape.first else { return text }
        let growthAxisMaximumDigits = 21
        return text + String(repeating: " ", count: max(0, growthAxisMaximumDigits - String(first).count))
    }
}
