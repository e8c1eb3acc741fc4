namespace Tributary.Storage.Parquet.Thrift;

/// <summary>The numeric codes of parquet.thrift's enums that this codec reads or writes.</summary>
internal static class ParquetCodes
{
    // Type
    public const int Boolean = 0;
    public const int Int32 = 1;
    public const int Int64 = 2;
    public const int Int96 = 3;
    public const int Float = 4;
    public const int Double = 5;
    public const int ByteArray = 6;
    public const int FixedLenByteArray = 7;

    // FieldRepetitionType
    public const int Required = 0;
    public const int Optional = 1;
    public const int Repeated = 2;

    // ConvertedType
    public const int Utf8 = 0;
    public const int Date = 6;
    public const int TimestampMillis = 9;
    public const int TimestampMicros = 10;
    public const int Json = 19;

    // Encoding
    public const int Plain = 0;
    public const int PlainDictionary = 2;
    public const int Rle = 3;
    public const int BitPacked = 4;
    public const int DeltaBinaryPacked = 5;
    public const int DeltaLengthByteArray = 6;
    public const int DeltaByteArray = 7;
    public const int RleDictionary = 8;
    public const int ByteStreamSplit = 9;

    // PageType
    public const int DataPage = 0;
    public const int IndexPage = 1;
    public const int DictionaryPage = 2;
    public const int DataPageV2 = 3;

    // LogicalType union members (field ids)
    public const short LogicalString = 1;
    public const short LogicalDate = 6;
    public const short LogicalTimestamp = 8;
    public const short LogicalInteger = 10;
    public const short LogicalJson = 12;

    // TimeUnit union members (field ids)
    public const int Millis = 1;
    public const int Micros = 2;
    public const int Nanos = 3;

    public static string TypeName(int type) => type switch
    {
        Boolean => "BOOLEAN",
        Int32 => "INT32",
        Int64 => "INT64",
        Int96 => "INT96",
        Float => "FLOAT",
        Double => "DOUBLE",
        ByteArray => "BYTE_ARRAY",
        FixedLenByteArray => "FIXED_LEN_BYTE_ARRAY",
        _ => $"type {type}",
    };

    public static string EncodingName(int encoding) => encoding switch
    {
        Plain => "PLAIN",
        PlainDictionary => "PLAIN_DICTIONARY",
        Rle => "RLE",
        BitPacked => "BIT_PACKED",
        DeltaBinaryPacked => "DELTA_BINARY_PACKED",
        DeltaLengthByteArray => "DELTA_LENGTH_BYTE_ARRAY",
        DeltaByteArray => "DELTA_BYTE_ARRAY",
        RleDictionary => "RLE_DICTIONARY",
        ByteStreamSplit => "BYTE_STREAM_SPLIT",
        _ => $"encoding {encoding}",
    };
}
